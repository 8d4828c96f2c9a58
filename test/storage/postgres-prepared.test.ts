import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestMurmur, type TestMurmur, testDialects } from '../support/databases.js'

const dialects = (await testDialects()).filter((d) => d === 'postgres')

for (const dialect of dialects) {
  describe(`${dialect}: repeated statements are prepared by name`, () => {
    let t: TestMurmur

    beforeAll(async () => {
      t = await createTestMurmur(dialect)
      await sql`create table prepared_probe (id integer primary key)`.execute(t.murmur.db)
      await sql`insert into prepared_probe (id) values (1), (2)`.execute(t.murmur.db)
    })
    afterAll(() => t.cleanup())

    const probe = (db = t.murmur.db) =>
      db
        .selectFrom('prepared_probe' as never)
        .selectAll()
        .where('id' as never, '>', 0 as never)

    test('a statement sent again on a connection runs as a named prepared statement', async () => {
      await t.murmur.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 3; i++) expect(await probe(trx).execute()).toHaveLength(2)
        const prepared = await sql<{ statement: string }>`
          select statement from pg_prepared_statements`.execute(trx)
        expect(prepared.rows.map((r) => r.statement)).toContain(probe().compile().sql)
      })
    })

    test('a column added by a migration meanwhile does not break the prepared statement', async () => {
      // Prepare it on every connection the pool may hand out.
      await Promise.all(Array.from({ length: 20 }, () => probe().execute()))
      await sql`alter table prepared_probe add column note text`.execute(t.murmur.db)
      for (let i = 0; i < 20; i++) {
        const rows = await Promise.all(Array.from({ length: 5 }, () => probe().execute()))
        for (const result of rows) expect(Object.keys(result[0] as object)).toContain('note')
      }
    })
  })
}
