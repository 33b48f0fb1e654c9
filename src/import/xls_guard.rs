//! Checks a legacy Excel (`.xls`) workbook before calamine reads it
//! (issue 13).
//!
//! calamine (0.30) reads the whole compound file and every sheet inside
//! `Xls::new`, so nothing can be skipped once it starts: a sheet is
//! allocated as one dense `rows × columns` block between its extreme
//! cells (16-bit positions: two cells can ask for 65,536 × 65,536 cells),
//! a `DIMENSIONS` record reserves what it claims before any cell is read,
//! and the compound file's sector chains are followed without bounds or
//! cycle checks (a sector number past the end makes calamine grow its
//! buffer to that offset; a cycle never ends). This module walks the same
//! structures calamine walks, in the order it walks them, and refuses the
//! file before calamine allocates what the file does not hold:
//!
//! - the header (sector size, the DIFAT allocation calamine reserves);
//! - every chain calamine follows (DIFAT, FAT sectors, directory, mini
//!   stream, mini FAT, the `Workbook`/`Book` stream): each sector inside
//!   the file, each link inside the table it indexes, no cycle, no claimed
//!   length past the file;
//! - each sheet's records, from the offset its `BoundSheet8` record gives,
//!   as calamine reads them: the `DIMENSIONS` reservation and the extent
//!   of the cells over the cap.
//!
//! Not covered: calamine's record parsers index record data without
//! checking its length in places (a truncated record panics); natively the
//! importer catches that panic, in the browser it ends the worker. A file
//! with a VBA project is refused (calamine parses the project too, and no
//! export carries macros).

use super::sheet_guard::Fatal;

const HEADER: usize = 512;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// Largest DIFAT reservation let through (entries of 4 bytes): calamine
/// reserves a count read across two header fields; real files give ~65,536.
const MAX_DIFAT_RESERVE: usize = 1 << 24;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// The file's sectors as calamine numbers them: sector `k` starts at
/// `header + k × size`.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
}

impl<'a> Sectors<'a> {
    /// A whole sector inside the file (calamine would grow its buffer to
    /// reach one past the end, and cut a partial one short, which breaks
    /// the 128-byte directory entries).
    fn get(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_mul(self.size)?;
        self.data.get(start..start.checked_add(self.size)?)
    }

    /// Follow a chain through `table` until `ENDOFCHAIN`: every sector
    /// inside the file, every link inside the table, at most as many steps
    /// as the table has entries (more is a cycle). `claimed` is the length
    /// calamine reserves for it.
    fn chain(&self, mut id: u32, table: &[u32], claimed: u64) -> Option<Vec<u8>> {
        if claimed > self.data.len() as u64 {
            return None;
        }
        let mut out = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            out.extend_from_slice(self.get(id)?);
            id = *table.get(id as usize)?;
            steps += 1;
            if steps > table.len() {
                return None;
            }
        }
        if claimed > 0 {
            out.truncate(claimed as usize);
        }
        Some(out)
    }
}

/// Why a damaged or oversized `.xls` is refused.
fn damaged() -> Fatal {
    (
        "这个旧版 Excel（.xls）文件的结构已损坏或声明的大小超出文件本身，无法安全读取；请在 Excel 或 WPS 里打开后另存为 XLSX 或 CSV 再导入".into(),
        "this legacy Excel (.xls) file's structure is damaged or claims more than the file holds, so it cannot be read safely; open it in Excel or WPS, save it as XLSX or CSV, and import that".into(),
    )
}

fn macros() -> Fatal {
    (
        "这个旧版 Excel（.xls）文件带有宏（VBA 工程），不予读取；请另存为不带宏的 XLSX 或 CSV 再导入".into(),
        "this legacy Excel (.xls) file contains macros (a VBA project) and is not read; save it as XLSX or CSV without macros and import that".into(),
    )
}

fn too_large(sheet: &str, rows: u64, cols: u64, cap: u64) -> Fatal {
    (
        format!("工作表“{sheet}”的单元格范围有 {rows} 行 × {cols} 列（{} 个单元格，上限 {cap} 个），这个旧版 Excel（.xls）文件未读取。请按日期分批导出，或另存为 CSV 再导入", rows * cols),
        format!("sheet “{sheet}” spans {rows} rows × {cols} columns ({} cells; the limit is {cap}), so this legacy Excel (.xls) file was not read. Export it in smaller date ranges, or save it as CSV and import that", rows * cols),
    )
}

/// A directory entry: name, first sector, length.
struct Dir {
    name: String,
    start: u32,
    len: u64,
}

/// Check an `.xls` (OLE compound file) before calamine opens it. `Ok`
/// when calamine may read it; a file that is not a compound file at all
/// is left to calamine, which refuses it.
pub fn check_xls(bytes: &[u8], cap: u64) -> Result<(), Fatal> {
    let Some(head) = bytes.get(..HEADER) else { return Ok(()) };
    if head[..8] != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        return Ok(());
    }
    let version = u16_at(head, 26).unwrap_or(0);
    let size = match u16_at(head, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(()), // calamine refuses it
    };
    if u16_at(head, 32) != Some(6) {
        return Ok(());
    }
    let field = |i| u32_at(head, i).ok_or_else(damaged);
    let (dir_len, dir_start) = (field(40)? as u64, field(48)?);
    let (mini_fat_start, mini_fat_len, difat_start) = (field(60)?, field(64)? as u64, field(68)?);
    // calamine reserves DIFAT room from the four bytes at offset 62.
    if field(62)? as usize > MAX_DIFAT_RESERVE {
        return Err(damaged());
    }
    // With 4096-byte sectors the whole first sector is the header.
    let body = bytes.get(if size == 4096 { 4096 } else { HEADER }..).unwrap_or(&[]);
    let sectors = Sectors { data: body, size };
    let sector_count = body.len() / size;
    // calamine reserves the FAT's sector count from the header.
    if field(44)? as usize > sector_count + 1 {
        return Err(damaged());
    }

    // DIFAT: the header's 109 entries, then a chain whose last entry links on.
    let mut difat: Vec<u32> = (0..109).filter_map(|k| u32_at(head, 76 + 4 * k)).collect();
    let mut id = difat_start;
    let mut steps = 0usize;
    while id < RESERVED {
        let s = sectors.get(id).ok_or_else(damaged)?;
        difat.extend((0..size / 4).filter_map(|k| u32_at(s, 4 * k)));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
        steps += 1;
        if steps > sector_count {
            return Err(damaged());
        }
    }
    let mut fat: Vec<u32> = Vec::new();
    for &id in difat.iter().filter(|&&id| id < DIFSECT) {
        let s = sectors.get(id).ok_or_else(damaged)?;
        fat.extend((0..size / 4).filter_map(|k| u32_at(s, 4 * k)));
    }
    let dir_bytes = sectors.chain(dir_start, &fat, dir_len * size as u64).ok_or_else(damaged)?;
    let dirs: Vec<Dir> = dir_bytes
        .chunks(128)
        .map(|c| {
            let units: Vec<u16> =
                c[..64.min(c.len())].chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
            let name = String::from_utf16_lossy(&units);
            let name = name.split('\0').next().unwrap_or("").to_string();
            let start = u32_at(c, 116).unwrap_or(ENDOFCHAIN);
            // calamine reads 8 length bytes with 4096-byte sectors; the
            // length must fit a 32-bit `usize` (the browser's).
            let len = if size == 512 {
                u32_at(c, 120).map_or(u64::MAX, u64::from)
            } else {
                c.get(120..128).map_or(u64::MAX, |b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            };
            Dir { name, start, len }
        })
        .collect();
    if dirs.is_empty() || dir_bytes.len() % 128 != 0 || dirs.iter().any(|d| d.len > u64::from(u32::MAX)) {
        return Err(damaged());
    }
    if version != 3 && dirs[0].start == ENDOFCHAIN {
        return Ok(()); // calamine refuses it
    }
    if dirs.iter().any(|d| d.name == "_VBA_PROJECT_CUR") {
        return Err(macros());
    }
    let (mini_fat, mini_stream) = if mini_fat_len > 0 {
        let stream = sectors.chain(dirs[0].start, &fat, dirs[0].len).ok_or_else(damaged)?;
        let table = sectors.chain(mini_fat_start, &fat, mini_fat_len * size as u64).ok_or_else(damaged)?;
        let table: Vec<u32> =
            table.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes"))).collect();
        (table, stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let Some(book) = dirs.iter().find(|d| d.name == "Workbook").or_else(|| dirs.iter().find(|d| d.name == "Book"))
    else {
        return Ok(()); // calamine refuses it
    };
    let stream = if book.len < 4096 {
        Sectors { data: &mini_stream, size: 64 }.chain(book.start, &mini_fat, book.len)
    } else {
        sectors.chain(book.start, &fat, book.len)
    }
    .ok_or_else(damaged)?;
    check_sheets(&stream, cap)
}

/// One BIFF record as calamine's iterator yields it (CONTINUE records after
/// it are folded in and skipped); None at the end or where calamine stops
/// with an error.
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(s, 0)?;
        let len = u16_at(s, 2)? as usize;
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        if s.len() > 4 && u16_at(s, 0) == Some(0x003C) {
            while s.len() > 4 && u16_at(s, 0) == Some(0x003C) {
                let l = u16_at(s, 2)? as usize;
                s = s.get(4 + l..)?;
            }
        }
        Some((typ, data))
    })
}

/// The sheets' records: where the `BoundSheet8` records point, until each
/// sheet's EOF record; a `DIMENSIONS` reservation or a cell extent over
/// the cap refuses the file (calamine reads every sheet).
fn check_sheets(stream: &[u8], cap: u64) -> Result<(), Fatal> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            0x0085 if data.len() >= 8 => {
                let pos = u32_at(data, 0).unwrap_or(0) as usize;
                // The name: a short length then bytes (8-bit or UTF-16);
                // for the message only.
                let n = data[6] as usize;
                let raw = &data[8.min(data.len())..];
                let name = if data[7] & 1 == 1 {
                    let units: Vec<u16> =
                        raw.chunks_exact(2).take(n).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
                    String::from_utf16_lossy(&units)
                } else {
                    raw.iter().take(n).map(|&b| char::from(b)).collect()
                };
                sheets.push((pos, name));
            }
            0x000A => break,
            _ => {}
        }
    }
    for (pos, name) in sheets {
        let Some(sheet) = stream.get(pos..) else { return Err(damaged()) };
        // (first row, first column, last row, last column), cells.
        let mut ext: (Option<(u64, u64, u64, u64)>, u64) = (None, 0);
        let add = |ext: &mut (Option<(u64, u64, u64, u64)>, u64), r: u64, c: u64| {
            ext.1 += 1;
            ext.0 = Some(match ext.0 {
                None => (r, c, r, c),
                Some((r0, c0, r1, c1)) => (r0.min(r), c0.min(c), r1.max(r), c1.max(c)),
            });
        };
        let mut fmla = (0u64, 0u64);
        for (typ, d) in records(sheet) {
            let rc = || Some((u64::from(u16_at(d, 0)?), u64::from(u16_at(d, 2)?)));
            match typ {
                0x0200 => {
                    if let Some((rows, cols)) = dimension_reserve(d) {
                        if rows.saturating_mul(cols) > cap {
                            return Err(too_large(&name, rows, cols, cap));
                        }
                    }
                }
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD => {
                    if let Some((r, c)) = rc() {
                        add(&mut ext, r, c);
                    }
                }
                0x0006 if d.len() >= 20 => {
                    if let Some((r, c)) = rc() {
                        fmla = (r, c);
                        add(&mut ext, r, c);
                    }
                }
                0x0207 => add(&mut ext, fmla.0, fmla.1),
                0x00BD if d.len() >= 6 => {
                    if let Some((r, c)) = rc() {
                        let n = (d.len() as u64 - 6) / 6;
                        if n > 0 {
                            add(&mut ext, r, c);
                            add(&mut ext, r, c + n - 1);
                        }
                    }
                }
                0x000A => break,
                _ => {}
            }
            if let (Some((r0, c0, r1, c1)), cells) = ext {
                let (rows, cols) = (r1 - r0 + 1, c1 - c0 + 1);
                if rows * cols > cap || cells > cap {
                    return Err(too_large(&name, rows, cols, cap));
                }
            }
        }
    }
    Ok(())
}

/// The (rows, columns) calamine reserves for a `DIMENSIONS` record, with
/// its arithmetic (which wraps where the record is reversed: then the
/// reservation is huge, and so is what this returns).
fn dimension_reserve(r: &[u8]) -> Option<(u64, u64)> {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u32::from(u16_at(r, 0)?), u32::from(u16_at(r, 2)?), u32::from(u16_at(r, 4)?), u32::from(u16_at(r, 6)?)),
        14 => (u32_at(r, 0)?, u32_at(r, 4)?, u32::from(u16_at(r, 8)?), u32::from(u16_at(r, 10)?)),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 { ((rf, cf), (rl - 1, cl - 1)) } else { ((rf, cf), (rf, cf)) };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    Some((rows, cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_as_calamine_reserves_them() {
        // BIFF8: rows 0..100 (last + 1), columns 0..5.
        let mut r = Vec::new();
        r.extend(0u32.to_le_bytes());
        r.extend(100u32.to_le_bytes());
        r.extend(0u16.to_le_bytes());
        r.extend(5u16.to_le_bytes());
        r.extend(0u16.to_le_bytes());
        assert_eq!(dimension_reserve(&r), Some((100, 5)));
        // Reversed rows wrap to ~4 billion.
        r[0..4].copy_from_slice(&200u32.to_le_bytes());
        assert!(dimension_reserve(&r).unwrap().0 > u64::from(u32::MAX) / 2);
    }

    #[test]
    fn records_fold_continue() {
        // A record, a CONTINUE, then EOF.
        let s = [0x00, 0x02, 1, 0, 9, 0x3C, 0, 1, 0, 8, 0x0A, 0, 0, 0];
        let got: Vec<(u16, Vec<u8>)> = records(&s).map(|(t, d)| (t, d.to_vec())).collect();
        assert_eq!(got, vec![(0x0200, vec![9]), (0x000A, vec![])]);
    }

    #[test]
    fn chains_stay_inside_the_file_and_end() {
        let data = vec![0u8; 4 * 512];
        let s = Sectors { data: &data, size: 512 };
        assert_eq!(s.chain(0, &[1, 2, ENDOFCHAIN], 0).map(|c| c.len()), Some(3 * 512));
        assert!(s.chain(0, &[1, 0], 0).is_none(), "a cycle");
        assert!(s.chain(0, &[7], 0).is_none(), "a link past the table");
        assert!(s.chain(4, &[0; 8], 0).is_none(), "a sector past the file");
        assert!(s.chain(0, &[ENDOFCHAIN], 1 << 40).is_none(), "a claimed length past the file");
    }
}
