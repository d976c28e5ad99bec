//! stub until merged
use super::dataset::{DatasetDoc, Written};
use crate::model::Schema;
pub fn write(_: &[DatasetDoc], _: &Schema) -> Written {
    Written::default()
}
pub fn read_doc(
    _: &str,
    _: &str,
    _: &str,
    p: &str,
    _: &Schema,
) -> Result<(DatasetDoc, Vec<String>), String> {
    Err(p.to_owned())
}
