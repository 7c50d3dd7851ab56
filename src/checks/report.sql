-- Reports over the findings, in the Chinese order of names (pinyin).

CREATE VIEW @extschema@.finding_count AS
SELECT f.rule, r.title_zh, f.severity, f.county, f.county_name, f.water_body, f.water_body_name,
       count(*) AS outfalls
  FROM @extschema@.finding f
  JOIN @extschema@.rule r ON r.id = f.rule
 GROUP BY f.rule, r.title_zh, f.severity, f.county, f.county_name, f.water_body, f.water_body_name
 ORDER BY @extschema@.severity_rank(f.severity), f.rule,
          f.county_name COLLATE @extschema@.zh_pinyin, f.water_body_name COLLATE @extschema@.zh_pinyin;
COMMENT ON VIEW @extschema@.finding_count IS
    'open findings counted by rule, county and receiving water, gravest rules first, places in pinyin order';
