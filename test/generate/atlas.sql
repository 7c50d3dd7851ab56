-- test/generate/atlas.sql: the fixed data the generator draws on, as tables
-- of schema outfall_gen (made by generate.sh, dropped at the end).
--
-- Nothing here is survey data.  outfall.division has no boundaries, so each
-- province gets an approximate centre and half-extent (degrees, CGCS2000);
-- counties are placed deterministically around it (prepare.sql).  The few
-- places and rivers the seed plans name are pinned to where they are; their
-- water body codes are those of demo/sample_water_bodies.csv, made up like
-- every other code here (HJ 932 codes are not published with the plans).

-- Approximate centre (lon, lat) and half-extent (rlon, rlat) of each
-- province, and the letter of the first-level basin most of it drains to,
-- used as the first character of generated water body codes:
-- A 松花江 B 辽河 C 海河 D 黄河 E 淮河 F 长江 G 东南诸河 H 珠江
-- J 西南诸河 K 西北诸河.
CREATE TABLE outfall_gen.province (
    code  text PRIMARY KEY,
    lon   double precision NOT NULL,
    lat   double precision NOT NULL,
    rlon  double precision NOT NULL,
    rlat  double precision NOT NULL,
    basin text NOT NULL
);
INSERT INTO outfall_gen.province VALUES
    ('11', 116.40, 40.15, 0.45, 0.40, 'C'), ('12', 117.30, 39.20, 0.35, 0.45, 'C'),
    ('13', 115.60, 38.70, 1.70, 2.20, 'C'), ('14', 112.40, 37.60, 1.10, 1.90, 'D'),
    ('15', 114.00, 43.60, 7.00, 2.40, 'D'), ('21', 122.70, 41.40, 1.80, 1.10, 'B'),
    ('22', 126.20, 43.60, 2.20, 1.10, 'A'), ('23', 127.90, 47.00, 3.20, 2.30, 'A'),
    ('31', 121.45, 31.20, 0.25, 0.22, 'F'), ('32', 119.40, 32.90, 1.30, 1.40, 'E'),
    ('33', 120.20, 29.20, 1.10, 1.00, 'G'), ('34', 117.20, 31.90, 1.00, 1.60, 'E'),
    ('35', 118.10, 26.00, 1.30, 1.30, 'G'), ('36', 115.70, 27.60, 1.10, 1.80, 'F'),
    ('37', 118.30, 36.30, 2.00, 0.90, 'E'), ('41', 113.60, 33.90, 1.50, 1.60, 'E'),
    ('42', 112.30, 31.00, 2.60, 1.00, 'F'), ('43', 111.70, 27.60, 1.30, 1.80, 'F'),
    ('44', 113.40, 23.30, 2.20, 1.00, 'H'), ('45', 108.80, 23.80, 2.20, 1.30, 'H'),
    ('46', 109.80, 19.20, 0.70, 0.50, 'H'), ('50', 107.80, 30.00, 1.40, 1.00, 'F'),
    ('51', 103.50, 30.30, 3.00, 2.20, 'F'), ('52', 106.70, 26.80, 1.60, 1.10, 'F'),
    ('53', 101.50, 24.90, 2.40, 2.40, 'J'), ('54', 88.50, 31.50, 6.00, 2.00, 'J'),
    ('61', 108.90, 35.20, 1.10, 2.40, 'D'), ('62', 101.50, 37.50, 4.50, 2.00, 'D'),
    ('63', 96.50, 35.50, 4.00, 2.00, 'K'), ('64', 106.20, 37.30, 0.70, 1.10, 'D'),
    ('65', 85.50, 42.00, 7.00, 3.50, 'K');

-- Places pinned to their real location (approximate): the counties of the
-- seed plans and the cities around them.  A county code is used as it is;
-- a city code places the city's counties around it.
CREATE TABLE outfall_gen.place (
    code text PRIMARY KEY,
    lon  double precision NOT NULL,
    lat  double precision NOT NULL
);
INSERT INTO outfall_gen.place VALUES
    ('500114', 108.77, 29.53),      -- 黔江区
    ('450222', 109.24, 24.65),      -- 柳城县
    ('652301', 87.30, 44.01),       -- 昌吉市
    ('4201', 114.30, 30.60),        -- 武汉市
    ('4502', 109.41, 24.33),        -- 柳州市
    ('2201', 125.32, 43.82),        -- 长春市
    ('2202', 126.55, 43.84),        -- 吉林市
    ('2203', 124.35, 43.17),        -- 四平市
    ('2207', 124.82, 45.14);        -- 松原市

-- Rivers and lakes the seed plans name, with the counties they run through
-- (a county is listed by its code or a prefix of it).  A county on one of
-- them gets no generated main river.
CREATE TABLE outfall_gen.known_water (
    code         text PRIMARY KEY,
    name         text NOT NULL,
    kind         text NOT NULL,
    counties     text[] NOT NULL,
    target_class text NOT NULL
);
INSERT INTO outfall_gen.known_water VALUES
    ('AP0100', '阿蓬江', 'river', '{500114}', 'II'),
    ('YJ0100', '郁江', 'river', '{500114}', 'III'),
    ('LJ0100', '柳江', 'river', '{450202,450203,450204,450205,450206,450222}', 'II'),
    ('LG0100', '龙江', 'river', '{450222}', 'III'),
    ('RJ0100', '融江', 'river', '{450222,450224,450225}', 'II'),
    ('TT0100', '头屯河', 'river', '{652301}', 'II'),
    ('ST0100', '三屯河', 'river', '{652301}', 'II'),
    ('CJ10', '长江', 'river', '{420102,420105,420106,420107,420111,420113,420114,420115,420117}', 'II'),
    ('HJ20', '汉江', 'river', '{420103,420104,420105,420112,420114}', 'II'),
    ('SH01', '松花江', 'river', '{220202,220204,220211,220221,220283,220183,220702,220721,220781}', 'III'),
    ('YM01', '饮马河', 'river', '{220113,220183,220221}', 'III'),
    ('LH01', '辽河', 'river', '{220322,220382}', 'III'),
    ('CG01', '查干湖', 'lake', '{220721}', 'III');

-- Parts of made-up names: first and second characters of rivers,
-- villages and streets, trade names, trades, surnames, given names.
CREATE TABLE outfall_gen.word (
    list  text NOT NULL,
    n     integer NOT NULL,
    w     text NOT NULL,
    PRIMARY KEY (list, n)
);
INSERT INTO outfall_gen.word (list, n, w)
SELECT l.list, o.n - 1, o.w
  FROM (VALUES
    ('a', '清白黑青红黄金玉龙凤马牛鹿羊桃柳松梅竹石沙泥双三五九大小长东西南北新古碧蓝乌明安永富太平澄洛汶沅磨柏'),
    ('b', '阳源沙石泉川塘坪口坝滩湾桥林花家岩洞峡田'),
    ('trade', '鑫达,华泰,恒远,宏图,金源,永兴,瑞丰,天成,嘉禾,润泽,博远,众诚,兴旺,盛世,隆鑫,新华,东方,宏达,安泰,远航,富民,长城,明珠,顺发,腾飞,海川,锦程,万通,中兴,佳和,红星,光明,广源,德润,汇丰,正大,福瑞,昌盛,金山,银河'),
    ('industry', '化工,食品,纺织,建材,制药,酿造,造纸,电镀,机械,冶金,印染,饲料,皮革,陶瓷,水泥,电子,家具,包装,塑料,汽车配件'),
    ('mining', '矿业,煤业,石材,矿产开发,采矿'),
    ('form', '有限公司,有限责任公司,股份有限公司,有限公司'),
    ('surname', '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'),
    ('given', '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰辉鹏斌波宇浩凯健俊帆帅旭宁龙林欣婷雪琳晨亮峰成')
  ) l(list, s)
 CROSS JOIN LATERAL unnest(CASE WHEN l.s LIKE '%,%' THEN string_to_array(l.s, ',')
                                ELSE regexp_split_to_array(l.s, '') END) WITH ORDINALITY o(w, n);

-- The mix of categories (HJ 1312 leaves, by type letters) in a registry:
-- mostly town domestic scattered outlets and stormwater outfalls, as the
-- surveys find them.  permille sums to 1000.  plan_* are the shares (%) of
-- the plans' three batches and retention; stormwater outfalls are never
-- banned or merged (flood safety).  approval: the category's outfalls are
-- set by approval (审核制): industrial, park and town plant outfalls.
CREATE TABLE outfall_gen.mix (
    letters     text PRIMARY KEY,
    permille    integer NOT NULL,
    source_kind text NOT NULL,
    discharge   text[] NOT NULL,
    plan_ban    integer NOT NULL,
    plan_merge  integer NOT NULL,
    plan_std    integer NOT NULL,
    plan_retain integer NOT NULL,
    approval    boolean NOT NULL,
    storm       boolean NOT NULL,
    CHECK (plan_ban + plan_merge + plan_std + plan_retain = 100)
);
INSERT INTO outfall_gen.mix VALUES
    ('CS', 230, 'domestic',     '{continuous,intermittent,intermittent}', 15, 55, 25, 5, false, false),
    ('YS', 180, 'stormwater',   '{intermittent,intermittent,none}',        0,  0, 45, 55, false, true),
    ('NS', 140, 'domestic',     '{intermittent,continuous}',              30, 20, 40, 10, false, false),
    ('QT',  80, 'other',        '{intermittent,seasonal,none}',           40, 10, 35, 15, false, false),
    ('GY',  75, 'industrial',   '{continuous,continuous,intermittent}',   10, 15, 55, 20, true,  false),
    ('GH',  40, 'stormwater',   '{intermittent}',                          0,  0, 50, 50, false, true),
    ('XX',  40, 'agricultural', '{intermittent,seasonal}',                40, 15, 35, 10, false, false),
    ('SX',  35, 'agricultural', '{seasonal}',                             35, 20, 35, 10, false, false),
    ('GQ',  30, 'agricultural', '{seasonal}',                              5,  0, 35, 60, false, false),
    ('NC',  30, 'domestic',     '{continuous}',                            5, 10, 45, 40, true,  false),
    ('XQ',  20, 'agricultural', '{intermittent,continuous}',              10,  5, 55, 30, false, false),
    ('SC',  20, 'agricultural', '{seasonal}',                             10, 10, 50, 30, false, false),
    ('WS',  20, 'domestic',     '{continuous}',                            0,  0, 40, 60, true,  false),
    ('GK',  15, 'other',        '{intermittent}',                         20, 10, 50, 20, false, false),
    ('YQ',  10, 'industrial',   '{continuous}',                            0,  0, 50, 50, true,  false),
    ('YH',  10, 'stormwater',   '{intermittent}',                          0,  0, 50, 50, false, true),
    ('KS',  10, 'industrial',   '{continuous,intermittent}',              20,  0, 60, 20, true,  false),
    ('KH',   5, 'stormwater',   '{intermittent}',                          0,  0, 60, 40, false, true),
    ('WK',   5, 'industrial',   '{intermittent}',                         25,  0, 55, 20, true,  false),
    ('WH',   5, 'stormwater',   '{intermittent}',                          0,  0, 60, 40, false, true);

-- Dry-weather water quality at each kind of outfall: flow (m³/d) and
-- concentrations (mg/L) are drawn log-uniformly between lo and hi, pH
-- uniformly; temp_add is added to the season's water temperature (a plant's
-- effluent is warmer).  wet_* apply in wet weather: flow multiplied,
-- concentrations multiplied (rain dilutes; a stormwater outfall carries
-- first-flush runoff).  dry_seen: for stormwater outfalls, the share that
-- discharge sewage in dry weather (旱天污水直排); the rest are dry.
CREATE TABLE outfall_gen.quality (
    letters  text PRIMARY KEY REFERENCES outfall_gen.mix,
    flow_lo  numeric NOT NULL, flow_hi numeric NOT NULL,
    cod_lo   numeric NOT NULL, cod_hi  numeric NOT NULL,
    nh3n_lo  numeric NOT NULL, nh3n_hi numeric NOT NULL,
    tp_lo    numeric NOT NULL, tp_hi   numeric NOT NULL,
    tn_lo    numeric NOT NULL, tn_hi   numeric NOT NULL,
    ph_lo    numeric NOT NULL, ph_hi   numeric NOT NULL,
    temp_add numeric NOT NULL,
    wet_flow numeric NOT NULL,
    wet_conc numeric NOT NULL,
    dry_seen numeric            -- stormwater only
);
INSERT INTO outfall_gen.quality VALUES
    ('CS',    5,   300,  80,  400, 10,   45,  1.0,  6.0,  15,  60, 6.8, 7.8, 2, 2.5, 0.6, NULL),
    ('YS',    2,   150,  50,  300,  5,   30,  0.6,  4.0,   8,  40, 6.8, 7.8, 0, 60,  0.5, 0.35),
    ('NS',    1,    50,  60,  300,  8,   40,  0.8,  5.0,  12,  50, 6.8, 7.9, 1, 2.0, 0.6, NULL),
    ('QT',    1,   200,  20,  200,  1,   20,  0.2,  3.0,   3,  30, 6.5, 8.2, 0, 3.0, 0.6, NULL),
    ('GY',   50,  5000,  20,  150,  0.5, 15,  0.1,  2.0,   5,  30, 6.0, 9.0, 4, 1.2, 0.9, NULL),
    ('GH',    1,    60,  30,  180,  1,   15,  0.2,  2.0,   3,  20, 6.5, 8.5, 0, 80,  0.6, 0.25),
    ('XX',    1,    50, 300, 3000, 40,  400,  5.0, 40.0,  60, 600, 6.5, 8.5, 1, 2.0, 0.5, NULL),
    ('SX',   20,  1500,  15,   60,  0.5,  5,  0.1,  1.0,   1,   8, 6.8, 8.8, 0, 1.5, 0.8, NULL),
    ('GQ', 1000, 50000,  10,   40,  0.2,  2,  0.05, 0.5,   1,  10, 7.0, 8.5, 0, 2.0, 0.9, NULL),
    ('NC',   20,   500,  30,  100,  5,   25,  0.5,  3.0,  10,  30, 6.5, 8.0, 2, 1.8, 0.7, NULL),
    ('XQ',   10,   500, 200, 2000, 50,  400,  5.0, 40.0,  80, 600, 6.5, 8.5, 1, 1.5, 0.6, NULL),
    ('SC',  100,  5000,  15,   60,  0.5,  5,  0.1,  1.0,   1,   8, 6.8, 8.8, 0, 1.5, 0.8, NULL),
    ('WS', 5000, 100000, 15,   50,  0.3,  5,  0.1,  0.5,   5,  15, 6.5, 7.8, 4, 1.3, 0.8, NULL),
    ('GK',    5,   200,  30,  150,  2,   20,  0.3,  3.0,   5,  30, 6.5, 8.5, 0, 2.0, 0.6, NULL),
    ('YQ', 2000, 30000,  20,   60,  0.3,  5,  0.1,  0.5,   5,  15, 6.5, 8.0, 4, 1.2, 0.9, NULL),
    ('YH',    1,    60,  30,  180,  1,   15,  0.2,  2.0,   3,  20, 6.5, 8.5, 0, 80,  0.6, 0.25),
    ('KS',  100,  3000,  10,   60,  0.2,  3,  0.02, 0.3,   1,   6, 5.5, 8.5, 1, 1.5, 0.9, NULL),
    ('KH',    1,    60,  20,  120,  0.5, 10,  0.05, 1.0,   2,  12, 6.0, 8.5, 0, 80,  0.6, 0.25),
    ('WK',   20,   800,  20,  100,  0.5,  8,  0.05, 0.8,   2,  15, 5.0, 8.5, 0, 1.5, 0.9, NULL),
    ('WH',    1,    60,  20,  120,  0.5, 10,  0.05, 1.0,   2,  12, 6.0, 8.5, 0, 80,  0.6, 0.25);

-- Further indicators (sample_indicator) measured at some kinds of outfall,
-- with the share of samples that carry them.
CREATE TABLE outfall_gen.indicator (
    letters text NOT NULL REFERENCES outfall_gen.mix,
    name    text NOT NULL,
    unit    text NOT NULL,
    lo      numeric NOT NULL,
    hi      numeric NOT NULL,
    share   numeric NOT NULL,
    PRIMARY KEY (letters, name)
);
INSERT INTO outfall_gen.indicator VALUES
    ('GY', '石油类', 'mg/L', 0.05, 3, 0.5), ('GY', '挥发酚', 'mg/L', 0.002, 0.5, 0.2),
    ('GY', '悬浮物', 'mg/L', 10, 120, 0.6),
    ('YQ', '石油类', 'mg/L', 0.05, 1, 0.6), ('YQ', '悬浮物', 'mg/L', 5, 40, 0.8),
    ('KS', '悬浮物', 'mg/L', 20, 300, 0.8), ('KS', '总铁', 'mg/L', 0.1, 8, 0.4),
    ('WK', '悬浮物', 'mg/L', 20, 300, 0.8), ('WK', '总锌', 'mg/L', 0.05, 4, 0.4),
    ('WS', '粪大肠菌群', 'MPN/L', 100, 10000, 0.9), ('WS', '悬浮物', 'mg/L', 5, 20, 0.9),
    ('NC', '粪大肠菌群', 'MPN/L', 1000, 100000, 0.5),
    ('XQ', '粪大肠菌群', 'MPN/L', 10000, 10000000, 0.7),
    ('XX', '粪大肠菌群', 'MPN/L', 10000, 10000000, 0.3),
    ('GK', '石油类', 'mg/L', 0.1, 5, 0.6);

-- Half-year and year ends the plans set as deadlines (黔江, 柳城, 吉林,
-- 武汉: 2023 to 2025; 昌吉 adds 2025-08-31).  province NULL: everywhere.
CREATE TABLE outfall_gen.deadline_mark (
    on_date  date NOT NULL,
    province text
);
INSERT INTO outfall_gen.deadline_mark VALUES
    ('2023-06-30', NULL), ('2023-12-31', NULL), ('2024-06-30', NULL), ('2024-12-31', NULL),
    ('2025-06-30', NULL), ('2025-12-31', NULL), ('2025-08-31', '65');

-- The steps of the lifecycle the generator drives, in the order they are
-- taken within a month, with the day and hour (Beijing time) they are
-- recorded on.
CREATE TABLE outfall_gen.slot (
    kind  text PRIMARY KEY,
    ord   integer NOT NULL UNIQUE,
    day   integer NOT NULL,
    hour  integer NOT NULL
);
INSERT INTO outfall_gen.slot VALUES
    ('party', 1, 1, 9),
    ('reopen_found', 2, 12, 10), ('reopen_rect', 3, 12, 11),
    ('register', 4, 20, 10),
    ('monitored', 5, 22, 10),
    ('traced', 6, 24, 10),
    ('planned', 7, 26, 10),
    ('rectifying', 8, 27, 10),
    ('rectified', 9, 28, 10),
    ('retained_direct', 10, 28, 11),
    ('closed', 11, 28, 14),
    ('retained', 12, 28, 16);

-- How surveys name outfalls (survey_name), by category: {p} the party
-- (user, else owner), {t} the township, {v} a place (village, street,
-- estate), {w} the river, {b} the bank, {n} a number.  Real survey names
-- are not standard names (HJ 1235); these imitate the field sheets.
CREATE TABLE outfall_gen.survey_name_tpl (
    letters text NOT NULL REFERENCES outfall_gen.mix,
    n       integer NOT NULL,
    tpl     text NOT NULL,
    PRIMARY KEY (letters, n)
);
INSERT INTO outfall_gen.survey_name_tpl (letters, n, tpl)
SELECT t.letters, o.n - 1, o.tpl
  FROM (VALUES
    ('CS', '{t}{v}街生活污水口|{w}{b}{n}号排口|{t}场镇生活污水散排口|{v}小区排水口|{v}路{n}号排污口'),
    ('YS', '{v}路雨水口|{w}{b}雨水排口{n}号|{v}大道雨洪排口|{t}雨水箱涵出口'),
    ('NS', '{v}村生活污水口|{t}{v}组散排口|{v}村{n}组排水沟'),
    ('QT', '{w}{b}{n}号沟渠|{v}沟入河口|{t}无名排口{n}|{v}排洪沟'),
    ('GY', '{p}排污口|{p}废水总排口|{p}{n}号排口'),
    ('GH', '{p}雨水排口|{p}厂区雨水口'),
    ('XX', '{v}村养殖场排口|{p}排水口'),
    ('SX', '{v}村鱼塘排水口|{p}排水口'),
    ('GQ', '{w}{b}灌区退水口|{v}干渠退水口'),
    ('NC', '{t}{v}村污水处理站排口|{v}村污水站出水口'),
    ('XQ', '{p}养殖废水排口|{p}排口'),
    ('SC', '{p}鱼塘排水口|{p}养殖尾水口'),
    ('WS', '{p}排污口|{p}尾水排放口'),
    ('GK', '{p}码头排口|{w}{v}码头雨污排口'),
    ('YQ', '{p}污水处理厂排口'),
    ('YH', '{p}雨水排口'),
    ('KS', '{p}矿井涌水排口'),
    ('KH', '{p}矿区雨水口'),
    ('WK', '{p}尾矿库排口'),
    ('WH', '{p}尾矿库雨水口')
  ) t(letters, s)
 CROSS JOIN LATERAL unnest(string_to_array(t.s, '|')) WITH ORDINALITY o(tpl, n);

-- The pollution sources (污染源) tracing finds behind each kind of outfall:
-- source n is found with probability prob; party: whose source it is
-- (user: the outfall's user after tracing, else its owner; other: a second
-- enterprise sharing the outfall); responsibility as the permit states it
-- for shared outfalls.  {q}: the second enterprise.
CREATE TABLE outfall_gen.source_tpl (
    letters        text NOT NULL REFERENCES outfall_gen.mix,
    n              integer NOT NULL,
    prob           numeric NOT NULL,
    kind           text NOT NULL,
    tpl            text NOT NULL,
    tpl_party      text,            -- the name when the source's party is known
    party          text,
    responsibility text,
    PRIMARY KEY (letters, n)
);
INSERT INTO outfall_gen.source_tpl VALUES
    ('CS', 1, 1.0, 'domestic', '{t}{v}小区生活污水', '{p}生活污水', 'user', NULL),
    ('CS', 2, 0.5, 'domestic', '{v}街沿街商铺生活污水', NULL, NULL, NULL),
    ('CS', 3, 0.2, 'other', '{v}农贸市场废水', NULL, NULL, NULL),
    ('YS', 1, 1.0, 'stormwater', '{t}城区雨水', NULL, NULL, NULL),
    ('YS', 2, 0.4, 'domestic', '{v}小区雨污混接生活污水', NULL, NULL, NULL),
    ('NS', 1, 1.0, 'domestic', '{v}村生活污水', NULL, NULL, NULL),
    ('QT', 1, 1.0, 'other', '{v}沟汇水', '{p}废水', 'user', NULL),
    ('QT', 2, 0.3, 'domestic', '{v}村生活污水', NULL, NULL, NULL),
    ('GY', 1, 1.0, 'industrial', '{p}生产废水', NULL, 'user', NULL),
    ('GY', 2, 0.4, 'domestic', '{p}厂区生活污水', NULL, 'user', NULL),
    ('GY', 3, 0.2, 'industrial', '{q}生产废水', NULL, 'other', '共用排污口，按排污许可证载明的排放量分担'),
    ('GH', 1, 1.0, 'stormwater', '{p}厂区初期雨水', NULL, 'user', NULL),
    ('GH', 2, 0.15, 'domestic', '{p}生活污水混接', NULL, 'user', NULL),
    ('XX', 1, 1.0, 'agricultural', '{v}村畜禽养殖废水', NULL, 'user', NULL),
    ('SX', 1, 1.0, 'agricultural', '{v}村水产养殖尾水', NULL, 'user', NULL),
    ('GQ', 1, 1.0, 'agricultural', '{w}灌区农田退水', NULL, 'user', NULL),
    ('NC', 1, 1.0, 'domestic', '{t}{v}村生活污水（处理后）', NULL, 'user', NULL),
    ('XQ', 1, 1.0, 'agricultural', '{p}养殖废水', NULL, 'user', NULL),
    ('SC', 1, 1.0, 'agricultural', '{p}养殖尾水', NULL, 'user', NULL),
    ('WS', 1, 1.0, 'domestic', '{p}处理尾水', NULL, 'user', NULL),
    ('WS', 2, 0.3, 'industrial', '{t}工业企业纳管废水', NULL, NULL, NULL),
    ('GK', 1, 1.0, 'other', '{p}码头冲洗水', NULL, 'user', NULL),
    ('GK', 2, 0.3, 'domestic', '船舶生活污水', NULL, NULL, NULL),
    ('YQ', 1, 1.0, 'industrial', '{p}集中处理尾水', NULL, 'user', NULL),
    ('YH', 1, 1.0, 'stormwater', '{p}园区雨水', NULL, 'user', NULL),
    ('KS', 1, 1.0, 'industrial', '{p}矿井涌水', NULL, 'user', NULL),
    ('KH', 1, 1.0, 'stormwater', '{p}矿区雨水', NULL, 'user', NULL),
    ('WK', 1, 1.0, 'industrial', '{p}尾矿库渗滤液', NULL, 'user', NULL),
    ('WH', 1, 1.0, 'stormwater', '{p}尾矿库区雨水', NULL, 'user', NULL);

-- What plans say and verifications record, by action.
CREATE TABLE outfall_gen.phrase (
    what text NOT NULL,     -- measures, measures_storm, evidence, evidence_again, tracing_note
    key  text NOT NULL,     -- the action, or the tracing method
    n    integer NOT NULL,
    text text NOT NULL,
    PRIMARY KEY (what, key, n)
);
INSERT INTO outfall_gen.phrase VALUES
    ('measures', 'ban', 0, '依法拆除排污口，封堵排水管道，恢复岸线'),
    ('measures', 'ban', 1, '责令关闭排污口，清理违规接入管线'),
    ('measures', 'merge', 0, '截污纳管，接入城镇污水收集管网，原排口封堵'),
    ('measures', 'merge', 1, '新建支管接入污水管网，排口清理合并'),
    ('measures', 'standardize', 0, '清理混接支管，实现一口一主，设置检查井和标志牌'),
    ('measures', 'standardize', 1, '更新破损排污管线，调整排口位置，设置标志牌'),
    ('measures', 'standardize', 2, '提标改造处理设施，规范排口，设置标志牌'),
    ('measures', 'retain', 0, '维持现状，纳入保留排污口清单，定期监测'),
    ('measures', 'retain', 1, '保留排口，设置标志牌，纳入日常监管'),
    ('measures_storm', 'standardize', 0, '开展雨污分流改造，消除旱天污水直排，保留雨洪排口'),
    ('measures_storm', 'standardize', 1, '清理雨水管网错接混接，设置标志牌'),
    ('evidence', 'ban', 0, '现场核查：排口已拆除封堵，无污水排出，附现场照片'),
    ('evidence', 'merge', 0, '现场核查：已截污纳管接入污水收集管网，原排口封堵，旱天无污水排出'),
    ('evidence', 'standardize', 0, '验收：已清理混接支管，设置检查井和标志牌，监测达标'),
    ('evidence', 'retain', 0, '核查：水质水量监测达标，纳入保留排污口清单'),
    ('evidence_again', 'any', 0, '复查：重新整治完成，监测达标'),
    ('tracing_note', 'document', 0, '调阅排水管网资料及排污许可资料'),
    ('tracing_note', 'field', 0, '现场排查溯源，确认污水来源'),
    ('tracing_note', 'technical', 0, '管道CCTV检测及示踪剂溯源'),
    ('reopen', 'found', 0, '巡河发现原排口重新排水，排口复现'),
    ('reopen', 'found', 1, '封堵设施被破坏，重新排查'),
    ('reopen', 'rectifying', 0, '监督性监测超标，重新整治'),
    ('reopen', 'rectifying', 1, '复查发现旱天污水直排，重新整治');
