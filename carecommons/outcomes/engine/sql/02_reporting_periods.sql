-- Step 2: each submission's real reporting period, derived from its data.
-- Follows: DHSC Stored_procedures/create_REF_Submission_Reporting_Periods_table.sql and
-- Main_tables/docs/methodology/2-reporting-periods.md.
--
-- A submission is one council's rows in one file (LA_Code, Der_Load_Order).
-- For each submission:
--   * count the events ending in each month; leave out events ending after the month of the stated
--     reporting period end (DHSC leaves out those ending in or after the month the file was imported;
--     a CLD file does not carry that date, and it can be no earlier than the month after the period);
--   * a month belongs to the period when it holds at least 2% of the events and all but one of the
--     event types the file holds (ref_reporting_period_rules, from carecommons/rules/ascof.py);
--   * the period runs from the first day of the first such month to the last day of the last;
--   * fewer than 100 events, or no month qualifying: the stated reporting period is used, as the notes
--     say (DHSC's SQL instead takes every month; the notes are the method); a file that states no period
--     (or an unreadable one) gets every month its events end in, so that its rows are not lost.

DROP TABLE IF EXISTS submission_periods;
CREATE TABLE submission_periods AS
WITH stated AS (
  SELECT
    LA_Code,
    Der_Load_Order,
    MIN(Der_Source_File) AS Der_Source_File,
    MIN(Reporting_Period_Start_Date) AS Stated_Start_Date,
    MAX(Reporting_Period_End_Date) AS Stated_End_Date
  FROM cld_typed
  GROUP BY LA_Code, Der_Load_Order
),
by_month_and_type AS (
  -- one pass over the rows, grouped small before anything is joined
  SELECT
    LA_Code,
    Der_Load_Order,
    CAST(date_trunc('month', Event_End_Date) AS DATE) AS Month_Start,
    LOWER(Event_Type) AS Event_Type_Lower,
    COUNT(*) AS Events
  FROM cld_typed
  WHERE Event_End_Date IS NOT NULL
  GROUP BY LA_Code, Der_Load_Order, CAST(date_trunc('month', Event_End_Date) AS DATE), LOWER(Event_Type)
),
ending_by_month AS (
  -- an event ending by the last day of the stated period's last month: its month is no later than that month
  SELECT
    t.LA_Code,
    t.Der_Load_Order,
    t.Month_Start,
    COUNT(DISTINCT t.Event_Type_Lower) AS Event_Types_In_Month,
    SUM(t.Events) AS Events_In_Month
  FROM by_month_and_type t
  JOIN stated s
    ON s.LA_Code IS NOT DISTINCT FROM t.LA_Code AND s.Der_Load_Order = t.Der_Load_Order
  WHERE s.Stated_End_Date IS NULL OR t.Month_Start <= CAST(date_trunc('month', s.Stated_End_Date) AS DATE)
  GROUP BY t.LA_Code, t.Der_Load_Order, t.Month_Start
),
per_file AS (
  SELECT
    LA_Code,
    Der_Load_Order,
    MAX(Event_Types_In_Month) AS Event_Types_In_File,
    SUM(Events_In_Month) AS Events_In_File
  FROM ending_by_month
  GROUP BY LA_Code, Der_Load_Order
),
qualifying AS (
  SELECT
    m.LA_Code,
    m.Der_Load_Order,
    f.Events_In_File,
    MIN(m.Month_Start) AS Any_Start_Date,
    MAX(last_day(m.Month_Start)) AS Any_End_Date,
    MIN(CASE
          WHEN 100.0 * m.Events_In_Month / f.Events_In_File >= r.Min_Month_Share
           AND m.Event_Types_In_Month >= f.Event_Types_In_File - r.Event_Types_Slack
          THEN m.Month_Start
        END) AS Derived_Start_Date,
    MAX(CASE
          WHEN 100.0 * m.Events_In_Month / f.Events_In_File >= r.Min_Month_Share
           AND m.Event_Types_In_Month >= f.Event_Types_In_File - r.Event_Types_Slack
          THEN last_day(m.Month_Start)
        END) AS Derived_End_Date
  FROM ending_by_month m
  JOIN per_file f
    ON f.LA_Code IS NOT DISTINCT FROM m.LA_Code AND f.Der_Load_Order = m.Der_Load_Order
  CROSS JOIN ref_reporting_period_rules r
  GROUP BY m.LA_Code, m.Der_Load_Order, f.Events_In_File
)
SELECT
  s.LA_Code,
  s.Der_Load_Order,
  s.Der_Source_File,
  s.Stated_Start_Date,
  s.Stated_End_Date,
  COALESCE(q.Events_In_File, 0) AS Events_In_File,
  q.Derived_Start_Date,
  q.Derived_End_Date,
  CASE
    WHEN COALESCE(q.Events_In_File, 0) < r.Min_Events OR q.Derived_Start_Date IS NULL
      THEN COALESCE(s.Stated_Start_Date, q.Any_Start_Date)
    ELSE q.Derived_Start_Date
  END AS Der_Reporting_Period_Start_Date,
  CASE
    WHEN COALESCE(q.Events_In_File, 0) < r.Min_Events OR q.Derived_End_Date IS NULL
      THEN COALESCE(s.Stated_End_Date, q.Any_End_Date)
    ELSE q.Derived_End_Date
  END AS Der_Reporting_Period_End_Date
FROM stated s
LEFT JOIN qualifying q
  ON q.LA_Code IS NOT DISTINCT FROM s.LA_Code AND q.Der_Load_Order = s.Der_Load_Order
CROSS JOIN ref_reporting_period_rules r;
