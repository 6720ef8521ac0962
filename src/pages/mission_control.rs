//! Mission Control (`/`): every card the checklists point at, Incident Mode, the health score,
//! the anomaly summary, route health, deployments and diagnostics. The rules are in `domain/`
//! (facts, health, anomalies, diagnostics, mission, rules); the cards in
//! `components/mission/`.

use leptos::prelude::*;

use crate::api::poller::expect_poller;
use crate::clock::expect_clock;
use crate::components::mission::cards::{
    AliasDriftCard, AuditActivityCard, ChangeFreezeCard, FleetCard, FreezeBanner, PeckFailuresCard,
    PipelineCard, SandboxCard, SesQuotaCard,
};
use crate::components::mission::diagnostics::DiagnosticsCard;
use crate::components::mission::incident::IncidentModeCard;
use crate::components::mission::overview::{AnomalySummaryCard, HealthScoreCard};
use crate::components::mission::routes::{DeploymentsCard, RouteHealthCard};
use crate::components::mission::MissionCtx;
use crate::context::{expect_settings, expect_thresholds};
use crate::domain::anomalies::anomalies;
use crate::domain::facts::Facts;
use crate::domain::health::health;

#[component]
pub fn MissionControl() -> impl IntoView {
    let poller = expect_poller();
    let clock = expect_clock();
    let thresholds = expect_thresholds();
    let settings = expect_settings();

    let facts = Memo::new(move |_| {
        let now = clock.now();
        let polls = thresholds.with(|t| t.stale_after_polls.max(1));
        let stale_after = i64::from(settings.with(|s| s.poll_interval_secs)) * i64::from(polls);
        poller.root.with(|r| {
            poller.metrics.with(|m| {
                poller
                    .status
                    .with(|s| Facts::gather(now, stale_after, r, m, s))
            })
        })
    });
    let health = Memo::new(move |_| thresholds.with(|t| facts.with(|f| health(f, t))));
    let anomalies = Memo::new(move |_| thresholds.with(|t| facts.with(|f| anomalies(f, t))));
    provide_context(MissionCtx {
        facts,
        health,
        anomalies,
    });

    view! {
        <section class="page mission">
            <h1>"Mission Control"</h1>
            <p class="subtitle">"The platform at a glance. Every status shows an icon and a word; stale or missing data is never shown as OK."</p>
            <FreezeBanner/>
            <div class="grid mc-grid">
                <IncidentModeCard/>
                <AnomalySummaryCard/>
                <HealthScoreCard/>
                <AliasDriftCard/>
                <FleetCard/>
                <PeckFailuresCard/>
                <SesQuotaCard/>
                <SandboxCard/>
                <ChangeFreezeCard/>
                <PipelineCard/>
                <DiagnosticsCard/>
                <RouteHealthCard/>
                <AuditActivityCard/>
                <DeploymentsCard/>
            </div>
        </section>
    }
}
