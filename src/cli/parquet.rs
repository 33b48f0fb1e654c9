//! `kefu parquet`: the normalised tables (`crate::tables`) as Parquet,
//! partitioned by buyer hash (issue 12: data that outgrow one machine).
//!
//! The dataset is split by buyer (`crate::partition`, `partition_of`) and
//! each part built as its own engine; part `k`'s rows of table `T` go to
//! `OUT/T/part=k/data.parquet`, the Hive layout that DuckDB
//! (`hive_partitioning = true`) and Spark read as a `part` column. The run
//! (settings a query needs, whole-dataset counts) is one row in
//! `OUT/run/data.parquet`. Orders linked to no buyer are in no part of the
//! split; their rows go to part 0. docs/scale-out.md describes the tables
//! and the SQL over them.
//!
//! Only the low-level column writer of the `parquet` crate is used: each
//! column is written from the typed [`Column`]s, nullable ones with
//! definition levels, Snappy-compressed, one row group per million rows.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::partition::PartitionedEngine;
use crate::tables::{self, Column, Kind, RunRow, Tables, Value};

#[derive(clap::Args, Debug, Clone, Default)]
pub struct ParquetArgs {
    #[command(flatten)]
    pub input: super::InputArgs,
    /// Output directory: OUT/<table>/part=<k>/data.parquet. The number of
    /// parts (buyers hashed with FNV-1a, see `partition_of`) is the shared
    /// `--parts`; 0 (its default) writes `DEFAULT_PARTS`.
    #[arg(long)]
    pub out: PathBuf,
}

/// Parts written when `--parts` is not given.
pub const DEFAULT_PARTS: usize = 8;

/// Rows per row group: bounds the writer's memory on a large part.
const ROW_GROUP: usize = 1 << 20;

/// The file of part `k` of `table` under `out`.
pub fn part_file(out: &Path, table: &str, k: usize) -> PathBuf {
    out.join(table).join(format!("part={k}")).join("data.parquet")
}

/// The run table's file under `out`.
pub fn run_file(out: &Path) -> PathBuf {
    out.join(RunRow::TABLE).join("data.parquet")
}

/// Load, split into `--parts` parts, build each and write every table of
/// every part. Prints `{"out", "parts", "rows": {table: rows}}`.
pub fn run(args: &ParquetArgs) -> Result<super::Output, String> {
    let parts = match args.input.parts {
        0 => DEFAULT_PARTS,
        n => n,
    };
    let settings = args.input.settings()?;
    let mut ds = args.input.dataset()?;
    let pe = PartitionedEngine::prepare(&mut ds, &settings, parts);
    let mut rows = std::collections::BTreeMap::<&str, usize>::new();
    for (k, (pds, e)) in pe.parts().enumerate() {
        let mut t = Tables::of(pds, e);
        if k == 0 {
            t.orders.extend(pe.not_linked_orders().iter().map(|&oi| tables::unlinked_order(&ds, oi as usize)));
        }
        for (name, cols) in t.columns() {
            let n = cols.first().map_or(0, |c| c.values.len());
            *rows.entry(name).or_default() += n;
            write_file(&part_file(&args.out, name, k), &cols)?;
        }
    }
    remove_stale_parts(&args.out, parts)?;
    let (orders, _, not_linked) = pe.order_counts();
    let run = RunRow {
        parts: parts as i64,
        response_threshold_secs: settings.response_threshold_secs,
        final_window_days: settings.final_window_days,
        reconsult_days: settings.reconsult_days,
        weekly_min_sessions: settings.weekly_min_sessions as i64,
        weekly_pass_rate: settings.weekly_pass_rate,
        long_reception_secs: settings.long_reception_secs,
        credit: serde_json::to_value(settings.credit)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        orders: orders as i64,
        orders_not_linked: not_linked as i64,
        ratings: pe.summary().ratings as i64,
    };
    write_file(&run_file(&args.out), &RunRow::columns(&[run]))?;
    let text = serde_json::json!({ "out": args.out.display().to_string(), "parts": parts, "rows": rows });
    Ok(super::Output::new(serde_json::to_string_pretty(&text).map_err(|e| e.to_string())? + "\n", &ds))
}

/// Remove `part=k` directories for `k >= parts` left by an earlier run with
/// more parts (a reader globbing `T/*/*.parquet` would count them).
fn remove_stale_parts(out: &Path, parts: usize) -> Result<(), String> {
    for table in tables::TABLES {
        let Ok(dir) = std::fs::read_dir(out.join(table)) else { continue };
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = name.strip_prefix("part=").and_then(|k| k.parse::<usize>().ok()).is_some_and(|k| k >= parts);
            if stale {
                std::fs::remove_dir_all(entry.path())
                    .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
            }
        }
    }
    Ok(())
}

/// The Parquet type of a column.
fn field(c: &Column) -> Result<Arc<Type>, String> {
    let (physical, logical) = match c.kind {
        Kind::Utf8 => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
        Kind::Int64 => (Physical::INT64, None),
        Kind::Int32 => (Physical::INT32, None),
        Kind::Float64 => (Physical::DOUBLE, None),
        Kind::Bool => (Physical::BOOLEAN, None),
        Kind::Date => (Physical::INT32, Some(LogicalType::Date)),
    };
    let rep = if c.nullable { Repetition::OPTIONAL } else { Repetition::REQUIRED };
    Type::primitive_type_builder(c.name, physical)
        .with_repetition(rep)
        .with_logical_type(logical)
        .build()
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

/// Write one table (all columns the same length) to `path`.
pub fn write_file(path: &Path, cols: &[Column]) -> Result<(), String> {
    let err = |e: parquet::errors::ParquetError| format!("{}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let fields = cols.iter().map(field).collect::<Result<Vec<_>, _>>()?;
    let schema = Arc::new(Type::group_type_builder("schema").with_fields(fields).build().map_err(err)?);
    let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
    let file = File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut w = SerializedFileWriter::new(file, schema, props).map_err(err)?;
    let n = cols.first().map_or(0, |c| c.values.len());
    // No row group at all for an empty part: a valid file with the schema.
    for start in (0..n).step_by(ROW_GROUP) {
        let rows = start..(start + ROW_GROUP).min(n);
        let mut rg = w.next_row_group().map_err(err)?;
        for c in cols {
            let mut cw =
                rg.next_column().map_err(err)?.ok_or_else(|| format!("{}: too few columns", path.display()))?;
            write_column(&mut cw, c, &c.values[rows.clone()]).map_err(err)?;
            cw.close().map_err(err)?;
        }
        rg.close().map_err(err)?;
    }
    w.close().map_err(err)?;
    Ok(())
}

/// Write one column chunk: the non-null values, and for a nullable column
/// a definition level per row (1 = a value, 0 = null).
fn write_column(
    cw: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    c: &Column,
    values: &[Value],
) -> parquet::errors::Result<()> {
    let defs: Vec<i16> = values.iter().map(|v| (*v != Value::Null) as i16).collect();
    let defs = c.nullable.then_some(defs.as_slice());
    let present = || values.iter().filter(|v| **v != Value::Null);
    let wrong = |v: &Value| parquet::errors::ParquetError::General(format!("{}: unexpected {v:?}", c.name));
    macro_rules! put {
        ($t:ty, $pat:pat => $x:expr) => {{
            let xs = present()
                .map(|v| match v {
                    $pat => Ok($x),
                    other => Err(wrong(other)),
                })
                .collect::<Result<Vec<_>, _>>()?;
            cw.typed::<$t>().write_batch(&xs, defs, None)?;
        }};
    }
    match c.kind {
        Kind::Utf8 => put!(ByteArrayType, Value::Utf8(s) => ByteArray::from(s.as_str())),
        Kind::Int64 => put!(Int64Type, Value::Int64(x) => *x),
        Kind::Int32 => put!(Int32Type, Value::Int32(x) => *x),
        Kind::Date => put!(Int32Type, Value::Date(x) => *x),
        Kind::Float64 => put!(DoubleType, Value::Float64(x) => *x),
        Kind::Bool => put!(BoolType, Value::Bool(x) => *x),
    }
    Ok(())
}
