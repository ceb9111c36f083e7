-- Every sentence, in every article, behind the events of one day, and how that article got its date.
SELECT event_description, publication_date, date_provenance, timex_text, sentence_text
FROM timeline_evidence
WHERE DATE '2025-05-28' BETWEEN date_start AND date_end
ORDER BY event_description, title;
