//! The pure plan: what the charm wants the world to look like.
