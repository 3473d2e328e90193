-- ASCOF 2A, step 1 of 4: the events 2A reads, and each person's reablement gathered into episodes.
-- Follows DHSC's Create_ASCOF_2A_2425_Onwards.sql, section 1 ("Select reablement events").
-- Reads: cld_main (the pipeline's unique events, whole history), st_params and st_values.
-- Values are compared as the pipeline cleaned them (Release 2 wording, DHSC's mapping of variants and case).

-- DHSC "Initial build table": the person's own support (Client type = Service user), with a person,
-- a start date, and an end date that is not before the start. An open event ends "9999-01-01".
-- DHSC "Pull through cleaned event outcome": each outcome's place in the event-outcome hierarchy, with
-- 100 added to the outcomes that cannot be a sequel (continuation, progress to ..., not mapped) so that
-- any usable outcome beats them; no outcome, or an invalid one, ranks last (999).
CREATE OR REPLACE TEMP VIEW st2a_events AS
SELECT
  m.LA_Code,
  m.Der_Person_ID,
  m.Event_Type,
  m.Event_Start_Date,
  COALESCE(m.Der_Event_End_Date, DATE '9999-01-01') AS End_Date,
  m.Service_Type,
  m.Service_Component,
  COALESCE(m.Event_Outcome, 'Invalid and not mapped') AS Event_Outcome,
  CASE
    WHEN m.Event_Outcome_Hierarchy IS NULL OR m.Event_Outcome = 'Invalid and not mapped'
      THEN p.unknown_outcome_rank
    WHEN m.Event_Outcome IN (SELECT value FROM st_values WHERE list_name = 'unclassifiable')
      THEN CAST(m.Event_Outcome_Hierarchy AS INTEGER) + p.unclassifiable_penalty
    ELSE CAST(m.Event_Outcome_Hierarchy AS INTEGER)
  END AS Outcome_Rank
  -- DHSC breaks remaining ties by its Der_unique_record_id; the files have none, so ties are broken by the
  -- rows' own values (outcome, service type, component), which gives the same answer whenever it matters
FROM cld_main AS m
CROSS JOIN st_params AS p
WHERE m.Client_Type = p.service_user
  AND m.Der_Person_ID IS NOT NULL
  AND m.Event_Start_Date IS NOT NULL
  AND (m.Der_Event_End_Date >= m.Event_Start_Date OR m.Der_Event_End_Date IS NULL);

-- DHSC "Select ST-Max events" and "Cluster ST-Max events together", steps 1 and 2:
-- in order of start, an ST-Max event starts a new episode when it starts more than 7 days after the
-- latest end date of the person's earlier ST-Max events; otherwise (overlapping, or up to 7 days
-- later) it joins the episode before it.
CREATE OR REPLACE TEMP TABLE st2a_stmax AS
WITH ordered AS (
  SELECT
    e.*,
    MAX(e.End_Date) OVER (
      PARTITION BY e.LA_Code, e.Der_Person_ID
      ORDER BY e.Event_Start_Date, e.End_Date, e.Outcome_Rank
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS Previous_End_Date
  FROM st2a_events AS e
  CROSS JOIN st_params AS p
  WHERE e.Event_Type = 'Service' AND e.Service_Type = p.st_max
)
SELECT
  o.*,
  SUM(CASE WHEN date_diff('day', o.Previous_End_Date, o.Event_Start_Date) <= p.cluster_gap_days THEN 0 ELSE 1 END)
    OVER (PARTITION BY o.LA_Code, o.Der_Person_ID
          ORDER BY o.Event_Start_Date, o.End_Date, o.Outcome_Rank
          ROWS UNBOUNDED PRECEDING) AS Person_Episode_No
FROM ordered AS o
CROSS JOIN st_params AS p;

-- DHSC clustering steps 3 and 4: one row per episode, from its first start to its last end.
-- The episode's outcome is that of the event ending last; when two end on the same day, the more
-- telling outcome (lower in the hierarchy) wins.
CREATE OR REPLACE TEMP TABLE st2a_episodes AS
WITH last_event AS (
  SELECT
    s.*,
    ROW_NUMBER() OVER (PARTITION BY s.LA_Code, s.Der_Person_ID, s.Person_Episode_No
                       ORDER BY s.End_Date DESC, s.Outcome_Rank ASC, s.Event_Outcome) AS rn
  FROM st2a_stmax AS s
),
spans AS (
  SELECT LA_Code, Der_Person_ID, Person_Episode_No,
         MIN(Event_Start_Date) AS Episode_Start, MAX(End_Date) AS Episode_End
  FROM st2a_stmax
  GROUP BY LA_Code, Der_Person_ID, Person_Episode_No
)
SELECT
  DENSE_RANK() OVER (ORDER BY s.LA_Code, s.Der_Person_ID, s.Person_Episode_No) AS Episode_ID,
  s.LA_Code, s.Der_Person_ID, s.Episode_Start, s.Episode_End,
  l.Event_Outcome AS Episode_Outcome,
  l.Outcome_Rank AS Episode_Outcome_Rank
FROM spans AS s
JOIN last_event AS l
  ON l.LA_Code = s.LA_Code AND l.Der_Person_ID = s.Der_Person_ID
 AND l.Person_Episode_No = s.Person_Episode_No AND l.rn = 1;
