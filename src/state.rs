//! Validated facts the plan is computed from.
