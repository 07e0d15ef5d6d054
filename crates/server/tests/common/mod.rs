//! Shared helpers of the API tests: requests through the router and a minimal validator of
//! responses against `openapi.json`.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Resp {
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = axum::body::to_bytes(r.into_body(), 64 << 20)
        .await
        .unwrap()
        .to_vec();
    Resp {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Resp {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub fn openapi() -> Value {
    serde_json::from_str(rasd_server::api::OPENAPI_JSON).unwrap()
}

/// Minimal JSON Schema validator for the subset used in openapi.json
/// ($ref, type (string or list), properties, required, additionalProperties: false, items,
/// prefixItems, enum, const, oneOf).
pub fn validate(root: &Value, schema: &Value, v: &Value, path: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        return validate(root, &root["components"]["schemas"][name], v, path);
    }
    if let Some(alts) = schema.get("oneOf").and_then(Value::as_array) {
        let ok = alts
            .iter()
            .filter(|a| validate(root, a, v, path).is_ok())
            .count();
        return if ok == 1 {
            Ok(())
        } else {
            Err(format!("{path}: matches {ok} of oneOf"))
        };
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            "null" => v.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{path}: {v} is not of type {types:?}"));
        }
    }
    if let Some(c) = schema.get("const") {
        if c != v {
            return Err(format!("{path}: {v} != const {c}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{path}: {v} not in enum"));
        }
    }
    if let (Some(o), Some(props)) = (
        v.as_object(),
        schema.get("properties").and_then(Value::as_object),
    ) {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap();
            if !o.contains_key(r) {
                return Err(format!("{path}: missing required property {r}"));
            }
        }
        for (k, x) in o {
            match props.get(k) {
                Some(s) => validate(root, s, x, &format!("{path}.{k}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{path}: unexpected property {k}"))
                }
                None => {}
            }
        }
    }
    if let Some(a) = v.as_array() {
        if let Some(items) = schema.get("items") {
            for (i, x) in a.iter().enumerate() {
                validate(root, items, x, &format!("{path}[{i}]"))?;
            }
        }
        if let Some(pi) = schema.get("prefixItems").and_then(Value::as_array) {
            for (i, (s, x)) in pi.iter().zip(a).enumerate() {
                validate(root, s, x, &format!("{path}[{i}]"))?;
            }
        }
    }
    Ok(())
}

/// Validates a JSON response against the OpenAPI operation's schema for its status.
pub fn check(path_template: &str, method: &str, r: &Resp) {
    let spec = openapi();
    let op = &spec["paths"][path_template][method];
    assert!(op.is_object(), "{method} {path_template} is not documented");
    let resp = &op["responses"][r.status.as_str()];
    assert!(
        resp.is_object(),
        "{method} {path_template}: status {} is not documented ({})",
        r.status,
        r.text()
    );
    if let Some(schema) = resp["content"]
        .get("application/json")
        .map(|c| &c["schema"])
    {
        validate(&spec, schema, &r.json(), "$")
            .unwrap_or_else(|e| panic!("{method} {path_template} {}: {e}", r.status));
    }
}

pub fn assert_error(r: &Resp, status: StatusCode, needle: &str) {
    assert_eq!(r.status, status, "{}", r.text());
    let j = r.json();
    let msg = j["error"].as_str().unwrap_or_default();
    assert!(
        msg.contains(needle),
        "error {msg:?} does not mention {needle:?}"
    );
    assert_eq!(j["status"], status.as_u16());
}
