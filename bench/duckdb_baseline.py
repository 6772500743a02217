"""The DuckDB baseline of the benchmark: the job's core work as one DuckDB script, the strongest we could write.

Parse the CSV input as text, type and validate it, keep one row per (student, intake_year), resolve regions through
the county reference, and write flows and origin_summary as Parquet. This is what a statistician would write
instead of running the job; the benchmark runs it on the same input, on the same machine, with 2 threads.
The CSV is read in one streaming pass straight into the typed columns the reports need (no temporary table of the
raw text), the de-duplication is one QUALIFY, and the rollup is a UNION ALL of plain GROUP BYs.

usage: python3 duckdb_baseline.py INPUT_DIR REGIONS_DIR OUTPUT_DIR RUN_DATE
"""
import json
import sys
import time

import duckdb

input_dir, regions_dir, output_dir, run_date = sys.argv[1:5]
started = time.time()
stages = {}


def stage(name, since=[started]):
    now = time.time()
    stages[name] = round(now - since[0], 1)
    since[0] = now


con = duckdb.connect()
con.execute("SET threads = 2")
con.execute("SET preserve_insertion_order = false")

con.execute(f"""
CREATE TEMP TABLE counties AS
SELECT c.code AS county_code, c.prefecture_code, p.name AS prefecture_name, c.province_code, v.name AS province_name
FROM read_csv('{regions_dir}/counties.csv', all_varchar = true) c
JOIN read_csv('{regions_dir}/prefectures.csv', all_varchar = true) p ON p.code = c.prefecture_code
JOIN read_csv('{regions_dir}/provinces.csv', all_varchar = true) v ON v.code = c.province_code
""")
# Type every field, then the first broken rule, in the contract's precedence.
con.execute(f"""
CREATE TEMP TABLE typed AS
SELECT sid, record_id, scheme, origin_county_code, origin_school, host_school_code, g, poor, lhs, st, emp, upd,
  CASE
    WHEN nullif(trim(record_id), '') IS NULL OR nullif(trim(student_id), '') IS NULL OR nullif(trim(gender), '') IS NULL
      OR nullif(trim(origin_county_code), '') IS NULL OR nullif(trim(host_school_code), '') IS NULL
      OR nullif(trim(host_county_code), '') IS NULL OR nullif(trim(intake_date), '') IS NULL
      OR nullif(trim(registered_poor), '') IS NULL OR nullif(trim(status), '') IS NULL
      OR nullif(trim(updated_at), '') IS NULL THEN 'MISSING_FIELD'
    WHEN g IS NULL OR (birth_date IS NOT NULL AND birth IS NULL) OR NOT regexp_full_match(origin_county_code, '\\d{{6}}')
      OR NOT regexp_full_match(host_school_code, '\\d{{10}}') OR NOT regexp_full_match(host_county_code, '\\d{{6}}')
      OR intake IS NULL OR intake < DATE '2010-01-01' OR intake > DATE '{run_date}' OR poor IS NULL
      OR st IS NULL OR (nullif(employment_status, '') IS NOT NULL AND emp IS NULL) OR upd IS NULL THEN 'INVALID_VALUE'
    WHEN o.county_code IS NULL OR h.county_code IS NULL
      OR (nullif(employment_county_code, '') IS NOT NULL AND e.county_code IS NULL) THEN 'UNKNOWN_REGION'
    WHEN (sdate IS NOT NULL AND sdate < intake) OR (emp IS NOT NULL AND st <> 'GRADUATED')
      OR (nullif(employment_county_code, '') IS NOT NULL AND emp IS DISTINCT FROM 'EMPLOYED') THEN 'INCONSISTENT'
  END AS reason,
  year(intake) AS intake_year,
  o.prefecture_code AS origin_prefecture_code, o.prefecture_name AS origin_prefecture_name,
  o.province_code AS origin_province_code, o.province_name AS origin_province_name,
  h.prefecture_code AS host_prefecture_code, h.prefecture_name AS host_prefecture_name,
  h.province_code AS host_province_code, h.province_name AS host_province_name,
  e.province_code AS employment_province_code
FROM (
  SELECT *,
    CASE upper(trim(gender)) WHEN 'M' THEN 'M' WHEN '男' THEN 'M' WHEN '1' THEN 'M'
                             WHEN 'F' THEN 'F' WHEN '女' THEN 'F' WHEN '2' THEN 'F' END AS g,
    coalesce(try_strptime(trim(birth_date), '%Y-%m-%d'), try_strptime(trim(birth_date), '%Y/%m/%d'),
             try_strptime(trim(birth_date), '%Y%m%d'))::DATE AS birth,
    coalesce(try_strptime(trim(intake_date), '%Y-%m-%d'), try_strptime(trim(intake_date), '%Y/%m/%d'),
             try_strptime(trim(intake_date), '%Y%m%d'))::DATE AS intake,
    coalesce(try_strptime(trim(status_date), '%Y-%m-%d'), try_strptime(trim(status_date), '%Y/%m/%d'),
             try_strptime(trim(status_date), '%Y%m%d'))::DATE AS sdate,
    CASE upper(trim(registered_poor)) WHEN 'TRUE' THEN true WHEN '1' THEN true WHEN 'Y' THEN true WHEN 'YES' THEN true
      WHEN '是' THEN true WHEN 'FALSE' THEN false WHEN '0' THEN false WHEN 'N' THEN false WHEN 'NO' THEN false
      WHEN '否' THEN false END AS poor,
    coalesce(upper(trim(liang_hou_sheng)) IN ('TRUE', '1', 'Y', 'YES', '是'), false) AS lhs,
    CASE upper(trim(status)) WHEN 'ENROLLED' THEN 'ENROLLED' WHEN '在读' THEN 'ENROLLED' WHEN 'GRADUATED' THEN 'GRADUATED'
      WHEN '毕业' THEN 'GRADUATED' WHEN 'WITHDRAWN' THEN 'WITHDRAWN' WHEN '退学' THEN 'WITHDRAWN'
      WHEN 'TRANSFERRED' THEN 'TRANSFERRED' WHEN '转学' THEN 'TRANSFERRED' END AS st,
    CASE upper(trim(employment_status)) WHEN 'EMPLOYED' THEN 'EMPLOYED' WHEN 'FURTHER_STUDY' THEN 'FURTHER_STUDY'
      WHEN 'UNEMPLOYED' THEN 'UNEMPLOYED' END AS emp,
    try_strptime(replace(trim(updated_at), 'T', ' '), '%Y-%m-%d %H:%M:%S') AS upd,
    upper(trim(student_id)) AS sid
  FROM read_csv('{input_dir}/*.csv', header = true, all_varchar = true, quote = '"', escape = '"',
                ignore_errors = true, null_padding = false, store_rejects = true)
) r
LEFT JOIN counties o ON o.county_code = trim(r.origin_county_code)
LEFT JOIN counties h ON h.county_code = trim(r.host_county_code)
LEFT JOIN counties e ON e.county_code = nullif(trim(r.employment_county_code), '')
""")
stage("read_type_validate_resolve")
rejected = con.execute("SELECT count(*) FROM reject_errors").fetchone()[0]
con.execute("""
CREATE TEMP TABLE accepted AS
SELECT * FROM typed WHERE reason IS NULL
QUALIFY row_number() OVER (PARTITION BY sid, intake_year ORDER BY upd DESC, record_id DESC) = 1
""")
stage("deduplicate")
counts = """count(*) AS students, count(*) FILTER (g = 'F') AS female, count(*) FILTER (poor) AS registered_poor,
  count(*) FILTER (lhs) AS liang_hou_sheng, count(*) FILTER (st = 'GRADUATED') AS graduated,
  count(*) FILTER (emp = 'EMPLOYED') AS employed,
  count(*) FILTER (emp = 'EMPLOYED' AND employment_province_code = origin_province_code) AS employed_in_origin_province"""
con.execute(f"""
COPY (SELECT intake_year, scheme, origin_province_code, origin_province_name, origin_prefecture_code,
        origin_prefecture_name, host_province_code, host_province_name, host_prefecture_code, host_prefecture_name,
        {counts}
      FROM accepted GROUP BY ALL) TO '{output_dir}/flows.parquet' (FORMAT parquet)
""")
stage("flows")
# The origin rollup as UNION ALL of plain GROUP BYs (GROUPING SETS with count(DISTINCT) is the slow trap).
levels = [("province", "origin_province_code", "origin_province_code", "NULL"),
          ("prefecture", "origin_prefecture_code", "origin_province_code", "origin_prefecture_code"),
          ("county", "trim(origin_county_code)", "origin_province_code", "origin_prefecture_code")]
parts = []
for level, code, province, prefecture in levels:
    for year in ("intake_year", "NULL::INTEGER"):
        parts.append(f"""SELECT '{level}' AS level, {code} AS region_code, {province} AS province_code,
          {prefecture} AS prefecture_code, {year} AS intake_year, {counts},
          count(DISTINCT host_province_code) AS host_provinces, count(DISTINCT host_school_code) AS host_schools,
          count(DISTINCT (origin_county_code, origin_school)) AS origin_schools
          FROM accepted GROUP BY ALL""")
con.execute(f"COPY ({' UNION ALL '.join(parts)}) TO '{output_dir}/origin_summary.parquet' (FORMAT parquet)")
stage("origin_summary")
rows = con.execute("SELECT count(*) FROM typed").fetchone()[0]
accepted = con.execute("SELECT count(*) FROM accepted").fetchone()[0]
quarantined = con.execute("SELECT count(*) FROM typed WHERE reason IS NOT NULL").fetchone()[0]
print(json.dumps({"rows": rows, "rejected_by_csv_reader": rejected, "accepted": accepted,
                  "quarantined": quarantined, "seconds": round(time.time() - started, 1), "stages": stages}))
