//! Stage 3, check: the enabled cross-file rules and policies over the model, in parallel
//! (file rules ran in the load stage).

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::policy::Policy;
use crate::rules::{Context, Rule, Sink};

/// Run `rules` and `policies` over the context; their findings in no particular order.
pub fn run(cx: &Context<'_>, rules: &[&dyn Rule], policies: &[&Policy]) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    diagnostics.par_extend(rules.par_iter().flat_map_iter(|rule| {
        let mut sink = Sink::new(rule.meta());
        let _t = crate::timings::start(|| format!("rule {}", rule.meta().code));
        rule.check_model(cx, &mut sink);
        sink.diagnostics
    }));
    diagnostics.par_extend(policies.par_iter().flat_map_iter(|policy| {
        let mut sink = policy.sink();
        policy.check(cx, &mut sink);
        sink.diagnostics
    }));
    diagnostics
}
