//! Offline gazetteer, toponym recognition, geocoding with context, roads and geometry.
//!
//! The gazetteer is compiled into the binary from `data/geo/` (derived from OCHA,
//! GeoNames, OpenSyria, Natural Earth — see `data/ATTRIBUTION.md`; regenerate with
//! `scripts/build_gazetteer.py`) and may be extended at run time with files of the same names
//! under `$RASD_DATA/geo/`.
//!
//! Main API: [`Gazetteer::embedded`] (loaded once), [`Gazetteer::annotate`] (adds
//! `rasd_doc::PlaceAnn`s to `Document::places`), [`Gazetteer::find_places`],
//! [`Gazetteer::lookup`], [`Gazetteer::road`], [`Gazetteer::road_near`],
//! [`Gazetteer::admin1_polygons`] / [`Gazetteer::admin_at`]; geometry in [`geom`] (points are
//! `(lat, lon)`, vertex lists GeoJSON `(lon, lat)`).
//!
//! Invariants: this crate never reads `../shared` or the network; it never panics on any
//! input text; every span it writes is a valid char range of the original text; an
//! ambiguous or unknown toponym gets *no* coordinates rather than a guess; ambiguous names
//! are resolved by context (governorates, nearby places, dateline, country) and priors
//! (seat rank, population, curated conflict list), never by file order.

pub mod geom;

mod annotate;
pub mod bench;
mod gazetteer;

pub use gazetteer::{admin1_polygons, AdminArea, Entry, Gazetteer, Kind, Road, Sources};

#[cfg(test)]
mod tests;
