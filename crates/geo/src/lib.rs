//! Offline gazetteer, toponym recognition, geocoding with context, roads and geometry
