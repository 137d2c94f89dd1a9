-- Counts of every object module's rows per tenant, split by `shared`, maintained in the writing transaction, so
-- that a list's X-Total-Count is exact without counting every matching row on each request (issue 15). Lists
-- filtered by date still count their window.
--
-- A module registers its table with ocpi_register_data_module(module, table): the module list that resync reads
-- (0012) and the triggers that keep the counts.

CREATE TABLE ocpi_object_counts (
    table_name   regclass NOT NULL,
    country_code text     NOT NULL,
    party_id     text     NOT NULL,
    shared       boolean  NOT NULL,
    n            bigint   NOT NULL DEFAULT 0 CHECK (n >= 0),
    PRIMARY KEY (table_name, country_code, party_id, shared),
    FOREIGN KEY (country_code, party_id) REFERENCES tenants (country_code, party_id) ON DELETE CASCADE
);

-- A row that changes `shared` moves between two count rows. They are always locked in the same order (the
-- unshared one first), so two writes that flip objects of one tenant in opposite directions cannot deadlock. A
-- decrement is an UPDATE: during a tenant's deletion its count rows may already be gone, and that is fine.
CREATE FUNCTION ocpi_count_objects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.shared THEN
        INSERT INTO ocpi_object_counts AS c (table_name, country_code, party_id, shared, n)
        VALUES (TG_RELID, NEW.country_code, NEW.party_id, NEW.shared, 1)
        ON CONFLICT (table_name, country_code, party_id, shared) DO UPDATE SET n = c.n + 1;
        UPDATE ocpi_object_counts SET n = n - 1
         WHERE table_name = TG_RELID AND country_code = OLD.country_code AND party_id = OLD.party_id AND shared = OLD.shared;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE ocpi_object_counts SET n = n - 1
         WHERE table_name = TG_RELID AND country_code = OLD.country_code AND party_id = OLD.party_id AND shared = OLD.shared;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO ocpi_object_counts AS c (table_name, country_code, party_id, shared, n)
        VALUES (TG_RELID, NEW.country_code, NEW.party_id, NEW.shared, 1)
        ON CONFLICT (table_name, country_code, party_id, shared) DO UPDATE SET n = c.n + 1;
    END IF;
    RETURN NULL;
END $$;

-- Counts every registered table again, for an operator who changed rows behind the service's back (TRUNCATE,
-- triggers disabled, a data-only restore). Returns how many count rows it wrote.
CREATE FUNCTION ocpi_recount_objects() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    m       record;
    written integer := 0;
    n       integer;
BEGIN
    -- The modules' tables first, then the counts: a writer holds its table and then takes a count row, so the
    -- same order here cannot deadlock with it.
    FOR m IN SELECT table_name FROM ocpi_data_modules ORDER BY module LOOP
        EXECUTE format('LOCK TABLE %s IN SHARE MODE', m.table_name);
    END LOOP;
    LOCK TABLE ocpi_object_counts IN EXCLUSIVE MODE;
    DELETE FROM ocpi_object_counts;
    FOR m IN SELECT table_name FROM ocpi_data_modules ORDER BY module LOOP
        EXECUTE format('INSERT INTO ocpi_object_counts (table_name, country_code, party_id, shared, n) '
                       || 'SELECT %L::regclass, country_code, party_id, shared, count(*) FROM %s GROUP BY 2, 3, 4',
                       m.table_name, m.table_name);
        GET DIAGNOSTICS n = ROW_COUNT;
        written := written + n;
    END LOOP;
    RETURN written;
END $$;

-- Adds a module's table to the module list and keeps its counts (a module's migration calls it once).
CREATE FUNCTION ocpi_register_data_module(p_module text, p_table regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ocpi_data_modules (module, table_name) VALUES (p_module, p_table) ON CONFLICT (module) DO NOTHING;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION ocpi_count_objects()',
                   p_module || '_count_rows', p_table);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE OF shared ON %s FOR EACH ROW WHEN (OLD.shared IS DISTINCT FROM NEW.shared) '
                   || 'EXECUTE FUNCTION ocpi_count_objects()', p_module || '_count_shared', p_table);
    EXECUTE format('INSERT INTO ocpi_object_counts (table_name, country_code, party_id, shared, n) '
                   || 'SELECT %L::regclass, country_code, party_id, shared, count(*) FROM %s GROUP BY 2, 3, 4',
                   p_table, p_table);
END $$;

-- Locations were listed by 0012; register their counts.
DELETE FROM ocpi_data_modules WHERE module = 'locations';
SELECT ocpi_register_data_module('locations', 'locations');

-- Keyset paging walks `seq` within a tenant, or among shared objects; both have an index since 0003.
