import { type Kysely, sql } from 'kysely'

// Landed migrations are never edited: add a new file instead.
// Campaign rollups (docs/links.md): each campaign gets rollup rows of its own in click_hourly and
// click_daily, under the link id `~campaign:<name>` (campaignRollupKey in src/links/click-rows.ts;
// written out here so later code changes cannot change what this migration did). They start as
// the sums of the rows of the campaign's links; the rollup writers keep them up from here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into click_hourly (workspace_id, link_id, hour, clicks, unique_clicks, bot_hits)
    select h.workspace_id, '~campaign:' || l.campaign, h.hour,
      sum(h.clicks), sum(h.unique_clicks), sum(h.bot_hits)
    from click_hourly h
    join links l on l.workspace_id = h.workspace_id and l.id = h.link_id
    where l.campaign is not null and l.campaign <> ''
    group by h.workspace_id, l.campaign, h.hour
  `.execute(db)
  await sql`
    insert into click_daily (workspace_id, link_id, day, dimension, value, clicks, unique_clicks)
    select d.workspace_id, '~campaign:' || l.campaign, d.day, d.dimension, d.value,
      sum(d.clicks), sum(d.unique_clicks)
    from click_daily d
    join links l on l.workspace_id = d.workspace_id and l.id = d.link_id
    where l.campaign is not null and l.campaign <> ''
    group by d.workspace_id, l.campaign, d.day, d.dimension, d.value
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from click_hourly where link_id like '~campaign:%'`.execute(db)
  await sql`delete from click_daily where link_id like '~campaign:%'`.execute(db)
}
