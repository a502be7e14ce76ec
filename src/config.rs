//! Typed, validated charm configuration.
