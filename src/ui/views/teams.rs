use crate::ui::*;

#[component]
pub(crate) fn Teams() -> impl IntoView {
    let app = use_app();
    view! {
        <div id="view-teams">
            <DrillExplorer/>
            <h3>{t(app, "by_team")}</h3>
            <KeyedTable id="team-table" by=vec![Dim::Team] columns=TEAM_COLUMNS/>
            <h3>{t(app, "by_group")}</h3>
            <KeyedTable id="group-table" by=vec![Dim::Group] columns=TEAM_COLUMNS/>
            <h3>{t(app, "by_group_agent")}</h3>
            <KeyedTable id="group-agent-table" by=vec![Dim::Group, Dim::Agent] columns=TEAM_COLUMNS/>
        </div>
    }
}
