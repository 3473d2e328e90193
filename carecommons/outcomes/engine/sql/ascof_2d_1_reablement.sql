-- ASCOF 2D, step 1 of 4: the CLD side. Follows DHSC's Create_ASCOF_2D.sql, stage 1 ("Create initial
-- CLD tables"): the person's own support, long-term support (to see who was in a care home when admitted,
-- or moved into one afterwards), and reablement gathered into episodes.
-- Reads: cld_main, person_details, st_params, st_values. Values compared as the pipeline cleaned them.

-- Service users' events with a person and an end date not before the start; people who died before the
-- year began are left out. An open event ends "9999-01-01".
CREATE OR REPLACE TEMP VIEW st2d_cld AS
SELECT
  m.LA_Code,
  m.Der_Person_ID,
  m.Event_Type,
  m.Service_Type,
  m.Service_Component,
  m.Event_Start_Date,
  COALESCE(m.Der_Event_End_Date, DATE '9999-01-01') AS End_Date,
  pd.Date_of_Death
FROM cld_main AS m
CROSS JOIN st_params AS p
LEFT JOIN person_details AS pd ON pd.Der_Person_ID = m.Der_Person_ID
WHERE m.Client_Type = p.service_user
  AND (pd.Date_of_Death >= p.period_start OR pd.Date_of_Death IS NULL)
  AND (m.Der_Event_End_Date >= m.Event_Start_Date OR m.Der_Event_End_Date IS NULL)
  AND m.Der_Person_ID IS NOT NULL;

-- Long-term support (DHSC's ASCOF_2D_LTS).
CREATE OR REPLACE TEMP TABLE st2d_long_term AS
SELECT DISTINCT *
FROM st2d_cld
WHERE Service_Type IN (SELECT value FROM st_values WHERE list_name = 'long_term');

-- Reablement: ST-Max services with the component "Reablement", joined into episodes as for 2A: an event
-- starting more than 7 days after the latest end so far begins a new episode.
CREATE OR REPLACE TEMP TABLE st2d_episodes AS
WITH reablement AS (
  SELECT c.*
  FROM st2d_cld AS c
  CROSS JOIN st_params AS p
  WHERE c.Event_Type = 'Service' AND c.Service_Type = p.st_max AND c.Service_Component = p.reablement_component
),
ordered AS (
  SELECT r.*,
         MAX(r.End_Date) OVER (PARTITION BY r.LA_Code, r.Der_Person_ID ORDER BY r.Event_Start_Date, r.End_Date
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS Previous_End_Date
  FROM reablement AS r
),
numbered AS (
  SELECT o.*,
         SUM(CASE WHEN date_diff('day', o.Previous_End_Date, o.Event_Start_Date) <= p.cluster_gap_days THEN 0 ELSE 1 END)
           OVER (PARTITION BY o.LA_Code, o.Der_Person_ID ORDER BY o.Event_Start_Date, o.End_Date
                 ROWS UNBOUNDED PRECEDING) AS Person_Episode_No
  FROM ordered AS o
  CROSS JOIN st_params AS p
)
SELECT
  DENSE_RANK() OVER (ORDER BY LA_Code, Der_Person_ID, Person_Episode_No) AS Episode_ID,
  LA_Code, Der_Person_ID,
  MIN(Event_Start_Date) AS Episode_Start,
  MAX(End_Date) AS Episode_End,
  MAX(Date_of_Death) AS Date_of_Death
FROM numbered
GROUP BY LA_Code, Der_Person_ID, Person_Episode_No;
