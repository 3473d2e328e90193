-- ASCOF 2A, step 4 of 4: which episodes count (DHSC's "Create final output tables").
-- Denominator: episodes whose final outcome is long-term support, short-term support, or one of the
-- no-further-action outcomes in DHSC's list. Numerator: the short-term and no-further-action ones, i.e.
-- no further request was made for ongoing support. Deaths, hospital admissions and outcomes that cannot
-- be classified are in neither.
CREATE OR REPLACE TEMP TABLE st2a_result AS
SELECT
  s.*,
  CASE WHEN s.Final_Outcome IN (SELECT value FROM st_values WHERE list_name = 'denominator') THEN 1 ELSE 0 END
    AS In_Denominator,
  CASE WHEN s.Final_Outcome IN (SELECT value FROM st_values WHERE list_name = 'numerator') THEN 1 ELSE 0 END
    AS In_Numerator,
  CASE WHEN s.Final_Outcome IN (SELECT value FROM st_values WHERE list_name = 'unclassifiable') THEN 1 ELSE 0 END
    AS Unable_To_Classify
FROM st2a_sequels AS s;
