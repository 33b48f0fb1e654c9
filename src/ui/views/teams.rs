use crate::ui::*;

pub(crate) const TEAM_COLUMNS: &[&str] = &[
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "reply_rate",
    "response_rate_3min",
    "avg_response_secs",
    "avg_reception_secs",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
];

#[component]
pub(crate) fn Teams(ui: Ui) -> impl IntoView {
    view! {
        <div id="view-teams">
            <DrillExplorer ui/>
            <h3>{t(ui, "by_team")}</h3>
            <KeyedTable ui id="team-table" by=vec![Dim::Team] columns=TEAM_COLUMNS/>
            <h3>{t(ui, "by_group")}</h3>
            <KeyedTable ui id="group-table" by=vec![Dim::Group] columns=TEAM_COLUMNS/>
            <h3>{t(ui, "by_group_agent")}</h3>
            <KeyedTable ui id="group-agent-table" by=vec![Dim::Group, Dim::Agent] columns=TEAM_COLUMNS/>
        </div>
    }
}
