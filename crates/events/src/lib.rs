//! Actors, entities and ACLED/PLOVER event coding with evidence, attribution and modality
