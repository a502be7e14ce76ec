//! The one pass per hook: gather → state → plan → apply → publish → status.
