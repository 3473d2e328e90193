-- ASCOF 2A, step 3 of 4: what followed each episode of reablement (its "sequel").
-- Follows DHSC's Create_ASCOF_2A_2425_Onwards.sql, section 2 ("Determine sequels"). The steps are
-- tried in order and the first that applies decides:
--   1  died before the end, or within 7 days of it                    -> NFA: Deceased
--   2  the episode's own outcome is "Admitted to hospital"             -> Admitted to hospital
--   3  a service open at the end, or starting within 7 days            -> that service type
--   4  the most telling outcome (lowest in the hierarchy) among:
--      4a the episode's own outcome, 4b requests, assessments and reviews starting within 7 days,
--      4c the assessment or review ending last in the final 14 days of the episode
--   5  equipment provided during the episode                           -> Short term support: Ongoing low level
--   6  nothing found                                                   -> the episode's own outcome

-- "Prep steps 3 & 4": events that started during the episode or up to 7 days after it, and were still
-- open after it ended. An ST-Max here would end the search (events from its start on are not looked at);
-- with 7-day episodes and a 7-day window none can occur, but DHSC keeps the guard and so do we.
CREATE OR REPLACE TEMP TABLE st2a_window AS
WITH candidates AS (
  SELECT o.*
  FROM st2a_other_events AS o
  CROSS JOIN st_params AS p
  JOIN st2a_new AS n ON n.Episode_ID = o.Episode_ID
  WHERE o.Event_Start_Date >= o.Episode_Start
    AND o.End_Date > o.Episode_End
    AND date_diff('day', o.Episode_End, o.Event_Start_Date) <= p.sequel_window_days
),
first_stmax AS (
  SELECT c.Episode_ID, MIN(c.Event_Start_Date) AS First_STMax_Start
  FROM candidates AS c CROSS JOIN st_params AS p
  WHERE c.Service_Type = p.st_max
  GROUP BY c.Episode_ID
)
SELECT c.*
FROM candidates AS c
LEFT JOIN first_stmax AS f ON f.Episode_ID = c.Episode_ID
WHERE f.First_STMax_Start IS NULL OR c.Event_Start_Date < f.First_STMax_Start;

-- Step 3: the highest service in the window, by DHSC's service order (nursing, residential, community,
-- prison, ST-Max, ongoing low level, other short term), a short-term care-home component first within a
-- type. Other short-term support in a care home is its own sequel.
CREATE OR REPLACE TEMP TABLE st2a_step3 AS
WITH ranked AS (
  SELECT
    w.Episode_ID, w.Service_Type, w.Service_Type, w.Service_Component,
    ROW_NUMBER() OVER (
      PARTITION BY w.Episode_ID
      ORDER BY s.position,
               CASE WHEN w.Service_Component IN (SELECT value FROM st_values WHERE list_name = 'care_home_components')
                    THEN 1 ELSE 2 END,
               w.Service_Type, w.Service_Component) AS rn
  FROM st2a_window AS w
  JOIN st_values AS s ON s.list_name = 'sequel_services' AND s.value = w.Service_Type
)
SELECT
  r.Episode_ID,
  CASE
    WHEN r.Service_Type = p.other_short_term
     AND r.Service_Component IN (SELECT value FROM st_values WHERE list_name = 'care_home_components')
      THEN p.residential_or_nursing_short_term
    ELSE r.Service_Type
  END AS Final_Outcome
FROM ranked AS r
CROSS JOIN st_params AS p
WHERE r.rn = 1;

-- Step 4: outcomes from three sources, each with its rank in the hierarchy (below 100 = usable).
CREATE OR REPLACE TEMP TABLE st2a_step4_candidates AS
-- 4a, episodes with nothing at all in the window: the episode's own outcome, if usable
SELECT n.Episode_ID, n.Episode_Outcome_Rank AS Rank, n.Episode_Outcome AS Outcome, 1 AS Source
FROM st2a_new AS n
WHERE NOT EXISTS (SELECT 1 FROM st2a_window AS w WHERE w.Episode_ID = n.Episode_ID)
  AND n.Episode_Outcome_Rank < 100
UNION ALL
-- 4a and 4b, episodes with only requests, assessments or reviews in the window (no service sequel):
-- keep each such event where it or the episode has a usable outcome, ignoring "NFA: Support ended as
-- planned" on the event (it closes something else). The episode's outcome is a candidate (4a) and so is
-- the event's when usable (4b).
SELECT x.Episode_ID, x.Rank, x.Outcome, x.Source
FROM (
  SELECT w.Episode_ID, n.Episode_Outcome_Rank AS Rank, n.Episode_Outcome AS Outcome, 1 AS Source
  FROM st2a_window AS w
  JOIN st2a_new AS n ON n.Episode_ID = w.Episode_ID
  CROSS JOIN st_params AS p
  WHERE NOT EXISTS (SELECT 1 FROM st2a_step3 AS t WHERE t.Episode_ID = w.Episode_ID)
    AND (n.Episode_Outcome_Rank < 100 OR w.Outcome_Rank < 100)
    AND w.Event_Outcome <> p.ended_as_planned
    AND w.Event_Type <> 'Service'
  UNION ALL
  SELECT w.Episode_ID, w.Outcome_Rank AS Rank, w.Event_Outcome AS Outcome, 2 AS Source
  FROM st2a_window AS w
  CROSS JOIN st_params AS p
  WHERE NOT EXISTS (SELECT 1 FROM st2a_step3 AS t WHERE t.Episode_ID = w.Episode_ID)
    AND w.Outcome_Rank < 100
    AND w.Event_Outcome <> p.ended_as_planned
    AND w.Event_Type <> 'Service'
) AS x
UNION ALL
-- 4c, assessments and reviews nested in the episode (starting in it, ending after its first day and no
-- later than its end) that ended fewer than 14 days before its end with a usable outcome: the one ending
-- last (ties: the more telling outcome)
SELECT y.Episode_ID, y.Outcome_Rank AS Rank, y.Event_Outcome AS Outcome, 3 AS Source
FROM (
  SELECT o.Episode_ID, o.Outcome_Rank, o.Event_Outcome,
         ROW_NUMBER() OVER (PARTITION BY o.Episode_ID ORDER BY o.End_Date DESC, o.Outcome_Rank ASC, o.Event_Outcome) AS rn
  FROM st2a_other_events AS o
  JOIN st2a_new AS n ON n.Episode_ID = o.Episode_ID
  CROSS JOIN st_params AS p
  WHERE o.Event_Start_Date >= o.Episode_Start
    AND o.End_Date > o.Episode_Start
    AND o.End_Date <= o.Episode_End
    AND o.Event_Type IN ('Assessment', 'Review')
    AND date_diff('day', o.End_Date, o.Episode_End) < p.nested_assessment_days
    AND o.Outcome_Rank < 100
) AS y
WHERE y.rn = 1;

-- The most telling candidate; when the same outcome comes from several sources, the episode's own (4a)
-- is named first, then 4b, then 4c, as DHSC labels them.
CREATE OR REPLACE TEMP TABLE st2a_step4 AS
SELECT Episode_ID,
       CASE WHEN Rank = 999 THEN 'Invalid and not mapped' ELSE Outcome END AS Final_Outcome,
       CASE Source WHEN 1 THEN '4a' WHEN 2 THEN '4b' ELSE '4c' END AS Sequel_Type
FROM (
  SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.Episode_ID ORDER BY c.Rank, c.Source) AS rn
  FROM st2a_step4_candidates AS c
) AS ranked
WHERE rn = 1;

-- Step 5: equipment (a service with component "Equipment") nested in the episode.
CREATE OR REPLACE TEMP TABLE st2a_step5 AS
SELECT DISTINCT o.Episode_ID
FROM st2a_other_events AS o
JOIN st2a_new AS n ON n.Episode_ID = o.Episode_ID
CROSS JOIN st_params AS p
WHERE o.Event_Start_Date >= o.Episode_Start
  AND o.End_Date > o.Episode_Start
  AND o.End_Date <= o.Episode_End
  AND o.Event_Type = 'Service'
  AND o.Service_Component = p.equipment_component;

-- The first step that applies decides.
CREATE OR REPLACE TEMP TABLE st2a_sequels AS
SELECT
  n.*,
  CASE
    WHEN date_diff('day', n.Episode_End, n.Date_of_Death) <= p.death_window_days THEN '1'
    WHEN n.Episode_Outcome = p.admitted_to_hospital THEN '2'
    WHEN s3.Episode_ID IS NOT NULL THEN '3'
    WHEN s4.Episode_ID IS NOT NULL THEN s4.Sequel_Type
    WHEN s5.Episode_ID IS NOT NULL THEN '5'
    ELSE '6'
  END AS Sequel_Type,
  CASE
    WHEN date_diff('day', n.Episode_End, n.Date_of_Death) <= p.death_window_days THEN p.deceased
    WHEN n.Episode_Outcome = p.admitted_to_hospital THEN n.Episode_Outcome
    WHEN s3.Episode_ID IS NOT NULL THEN s3.Final_Outcome
    WHEN s4.Episode_ID IS NOT NULL THEN s4.Final_Outcome
    WHEN s5.Episode_ID IS NOT NULL THEN p.ongoing_low_level
    ELSE n.Episode_Outcome
  END AS Final_Outcome
FROM st2a_new AS n
CROSS JOIN st_params AS p
LEFT JOIN st2a_step3 AS s3 ON s3.Episode_ID = n.Episode_ID
LEFT JOIN st2a_step4 AS s4 ON s4.Episode_ID = n.Episode_ID
LEFT JOIN st2a_step5 AS s5 ON s5.Episode_ID = n.Episode_ID;
