//! The operation order (steps 6–8 of the ten-step process): gating and success criteria, rules of
//! engagement and OPSEC, the roles roster, the engagement environment, readiness checks, and the
//! exports built from them (the PDF order and briefing, the timeline CSV).

pub mod content;
pub mod pdf;
