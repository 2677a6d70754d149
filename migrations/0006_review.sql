-- The red-flag procedure: a red hit stops automation for its subject, which is listed for a person
-- to review with its evidence. When the evidence is another state's certificate or attestation,
-- the proposal is a reconsideration request to its issuer: certificates bind until withdrawn
-- (Reg. 987/2009 Art. 5; CJEU Altun C-359/16), so LAC never overrides them itself.
CREATE VIEW flag_reviews AS
SELECT f.control_id, f.control_version, f.subject_type, f.subject_ref, f.company_key, f.person_key, f.evidence, f.message, f.detail, f.raised_at,
       issuers.institutions AS issuing_institutions,
       CASE WHEN cardinality(issuers.institutions) > 0
            THEN 'request reconsideration from ' || array_to_string(issuers.institutions, ', ') || ' (Reg. 987/2009 Art. 5(2))'
            ELSE 'review the evidence' END AS proposal
  FROM flags f
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(DISTINCT inst ORDER BY inst) FILTER (WHERE inst IS NOT NULL), '{}') AS institutions
      FROM unnest(f.evidence) ev
      LEFT JOIN certificates c ON c.certificate_number = ev
      LEFT JOIN seds s ON s.status = 'active' AND s.document_id = (CASE WHEN ev LIKE 'sed:%' THEN substr(ev, 5) ELSE ev END)
      CROSS JOIN LATERAL (SELECT coalesce(c.record->'issuer'->>'institutionId', s.sender_institution) AS inst) i
  ) issuers
 WHERE f.severity = 'red';
