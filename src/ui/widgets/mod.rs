pub(crate) mod chart_canvas;
pub(crate) mod export;
pub(crate) mod gold_teams;
pub(crate) mod histogram_chart;
pub(crate) mod keyed_table;
pub(crate) mod metric_cards;
pub(crate) mod pager;
pub(crate) mod trend_chart;
