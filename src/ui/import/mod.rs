pub(crate) mod area;
pub(crate) mod howto;
pub(crate) mod mapper;
pub(crate) mod panel;
pub(crate) mod reports;
pub(crate) mod staff;
