import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Murmur } from '../murmur.js'
import type {
  RewardMetric,
  RewardRulesTable,
  RewardState,
  RewardsTable,
  ShareRootKind,
} from '../storage/tables/share-links.js'
import type { WorkspaceScope } from '../storage/workspace-scope.js'
import { contactNames, loadCascades, type SharerTotals, sharerTotals } from './cascades.js'

export const REWARD_METRICS = [
  'visits',
  'people_reached',
  'leads',
  'customers',
  'revenue',
] as const satisfies readonly RewardMetric[]

/** In words, for the sentence that says why a reward is due. */
const METRIC_WORDS: Record<RewardMetric, [string, string]> = {
  visits: ['visit', 'visits'],
  people_reached: ['person reached', 'people reached'],
  leads: ['lead', 'leads'],
  customers: ['customer', 'customers'],
  revenue: ['in revenue (minor units)', 'in revenue (minor units)'],
}

export interface RewardCondition {
  metric: RewardMetric
  at_least: number
}

export interface RewardRule {
  id: string
  name: string
  reward: string
  /** Met when any one is reached. */
  conditions: RewardCondition[]
  root_kind: ShareRootKind | null
  root_id: string | null
  active: boolean
  /** The rule in words: "10 visits or 1 customer through their share links". */
  summary: string
  created_at: number
}

export interface RuleInput {
  name: string
  reward: string
  conditions: RewardCondition[]
  root_kind?: ShareRootKind | null | undefined
  root_id?: string | null | undefined
  active?: boolean | undefined
}

const creditIn = (totals: SharerTotals, metric: RewardMetric) =>
  metric === 'visits' ? totals.visitors : totals[metric]

export function describeConditions(conditions: RewardCondition[]): string {
  const parts = conditions.map(({ metric, at_least }) => {
    const [one, many] = METRIC_WORDS[metric]
    return `${at_least} ${at_least === 1 ? one : many}`
  })
  return `${parts.join(' or ')} through their share links`
}

function present(row: RewardRulesTable): RewardRule {
  const conditions = JSON.parse(row.conditions) as RewardCondition[]
  return {
    id: row.id,
    name: row.name,
    reward: row.reward,
    conditions,
    root_kind: row.root_kind,
    root_id: row.root_id,
    active: Number(row.active) === 1,
    summary: describeConditions(conditions),
    created_at: Number(row.created_at),
  }
}

function checkRoot(input: Pick<RuleInput, 'root_kind' | 'root_id'>) {
  if (Boolean(input.root_kind) !== Boolean(input.root_id)) {
    const message = 'Give both root_kind and root_id to limit the rule to one cascade, or neither.'
    throw invalid(message, [{ path: input.root_kind ? 'root_id' : 'root_kind', message }])
  }
}

function checkConditions(conditions: RewardCondition[]) {
  const seen = new Set<string>()
  for (const [i, c] of conditions.entries()) {
    if (seen.has(c.metric)) {
      const message = `${c.metric} appears twice; give each measure once.`
      throw invalid(message, [{ path: `conditions.${i}.metric`, message }])
    }
    seen.add(c.metric)
  }
}

export async function listRules(scope: WorkspaceScope): Promise<RewardRule[]> {
  const rows = await scope
    .selectFrom('reward_rules')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(present)
}

async function getRuleRow(scope: WorkspaceScope, id: string) {
  const row = await scope
    .selectFrom('reward_rules')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Reward rule')
  return row
}

export async function createRule(
  murmur: Murmur,
  scope: WorkspaceScope,
  input: RuleInput,
): Promise<RewardRule> {
  checkRoot(input)
  checkConditions(input.conditions)
  const row: Omit<RewardRulesTable, 'workspace_id'> = {
    id: newId('rwr', murmur.now()),
    name: input.name,
    reward: input.reward,
    conditions: JSON.stringify(input.conditions),
    root_kind: input.root_kind ?? null,
    root_id: input.root_id ?? null,
    active: input.active === false ? 0 : 1,
    created_at: murmur.now(),
  }
  await scope.insertInto('reward_rules', row).execute()
  return present({ ...row, workspace_id: scope.workspaceId })
}

export async function updateRule(
  scope: WorkspaceScope,
  id: string,
  input: Partial<RuleInput>,
): Promise<RewardRule> {
  const row = await getRuleRow(scope, id)
  const next = {
    root_kind: input.root_kind !== undefined ? input.root_kind : row.root_kind,
    root_id: input.root_id !== undefined ? input.root_id : row.root_id,
  }
  checkRoot(next)
  if (input.conditions) checkConditions(input.conditions)
  const set: Partial<Omit<RewardRulesTable, 'workspace_id' | 'id'>> = { ...next }
  if (input.name !== undefined) set.name = input.name
  if (input.reward !== undefined) set.reward = input.reward
  if (input.conditions) set.conditions = JSON.stringify(input.conditions)
  if (input.active !== undefined) set.active = input.active ? 1 : 0
  await scope.updateTable('reward_rules').set(set).where('id', '=', id).execute()
  return present(await getRuleRow(scope, id))
}

/** Deletes a rule and the rewards it marked. */
export async function deleteRule(scope: WorkspaceScope, id: string): Promise<void> {
  await getRuleRow(scope, id)
  await scope.transaction(async (trx) => {
    await trx.deleteFrom('rewards').where('rule_id', '=', id).execute()
    await trx.deleteFrom('reward_rules').where('id', '=', id).execute()
  })
}

export interface Reward {
  id: string
  rule: { id: string; name: string; reward: string }
  sharer_key: string
  sharer: string
  contact: { id: string; name: string } | null
  state: RewardState
  /** Why it is due: the condition met and the sharer's numbers then. */
  reason: string
  earned_with: Record<string, number>
  earned_at: number
  given_at: number | null
}

/**
 * Checks every active rule against every sharer's credit (what came down their branches,
 * abuse left out, as advocates are credited) and marks a reward due for each sharer who meets
 * a rule for the first time. A sharer earns each rule once; rewards already marked stay as
 * they are even if later numbers change. Returns the rewards newly due.
 */
export async function evaluateRewards(murmur: Murmur, scope: WorkspaceScope): Promise<number> {
  const rules = (await listRules(scope)).filter((r) => r.active)
  if (rules.length === 0) return 0
  const earned = new Set(
    (await scope.selectFrom('rewards').select(['rule_id', 'sharer_key']).execute()).map(
      (r) => `${r.rule_id}\u0000${r.sharer_key}`,
    ),
  )
  const totalsByRoot = new Map<string, Map<string, SharerTotals>>()
  const totalsFor = async (rule: RewardRule) => {
    const key = rule.root_kind ? `${rule.root_kind}\u0000${rule.root_id}` : ''
    let totals = totalsByRoot.get(key)
    if (!totals) {
      const filter = rule.root_kind ? { rootKind: rule.root_kind, rootId: rule.root_id! } : {}
      totals = sharerTotals(await loadCascades(scope, filter))
      totalsByRoot.set(key, totals)
    }
    return totals
  }
  let added = 0
  for (const rule of rules) {
    for (const totals of (await totalsFor(rule)).values()) {
      if (earned.has(`${rule.id}\u0000${totals.sharer_key}`)) continue
      const met = rule.conditions.find((c) => creditIn(totals, c.metric) >= c.at_least)
      if (!met) continue
      const row: Omit<RewardsTable, 'workspace_id'> = {
        id: newId('rwd', murmur.now()),
        rule_id: rule.id,
        sharer_key: totals.sharer_key,
        contact_id: totals.contactId,
        sharer: totals.sharer,
        earned_with: JSON.stringify({
          metric: met.metric,
          at_least: met.at_least,
          visits: totals.visitors,
          people_reached: totals.people_reached,
          leads: totals.leads,
          customers: totals.customers,
          revenue: totals.revenue,
        }),
        state: 'due',
        earned_at: murmur.now(),
        given_at: null,
      }
      // Another process evaluating at the same moment may have marked it: keep one.
      const result = await scope
        .insertInto('rewards', row)
        .onConflict((oc) => oc.columns(['workspace_id', 'rule_id', 'sharer_key']).doNothing())
        .executeTakeFirst()
      if (Number(result.numInsertedOrUpdatedRows ?? 1n) > 0) added++
    }
  }
  return added
}

export async function listRewards(
  scope: WorkspaceScope,
  filter: { state?: RewardState | undefined; contact_id?: string | undefined },
): Promise<Reward[]> {
  let query = scope
    .selectFrom('rewards')
    .innerJoin('reward_rules', 'reward_rules.id', 'rewards.rule_id')
    .select([
      'rewards.id',
      'rewards.rule_id',
      'reward_rules.name',
      'reward_rules.reward',
      'rewards.sharer_key',
      'rewards.sharer',
      'rewards.contact_id',
      'rewards.state',
      'rewards.earned_with',
      'rewards.earned_at',
      'rewards.given_at',
    ])
    .where('reward_rules.workspace_id', '=', scope.workspaceId)
  if (filter.state) query = query.where('rewards.state', '=', filter.state)
  if (filter.contact_id) query = query.where('rewards.contact_id', '=', filter.contact_id)
  const rows = await query.orderBy('rewards.earned_at', 'desc').orderBy('rewards.id').execute()
  const names = await contactNames(scope, [
    ...new Set(rows.flatMap((r) => (r.contact_id ? [r.contact_id] : []))),
  ])
  return rows.map((r) => {
    const earnedWith = JSON.parse(r.earned_with) as Record<string, number | string>
    const metric = earnedWith.metric as RewardMetric
    const numbers = Object.fromEntries(
      Object.entries(earnedWith).filter(([, v]) => typeof v === 'number'),
    ) as Record<string, number>
    const name = r.contact_id ? (names.get(r.contact_id) ?? r.sharer) : r.sharer
    return {
      id: r.id,
      rule: { id: r.rule_id, name: r.name, reward: r.reward },
      sharer_key: r.sharer_key,
      sharer: name,
      contact: r.contact_id ? { id: r.contact_id, name } : null,
      state: r.state,
      reason: `${describeConditions([{ metric, at_least: Number(earnedWith.at_least) }])}: ${numbers[metric] ?? 0} when it was checked.`,
      earned_with: numbers,
      earned_at: Number(r.earned_at),
      given_at: r.given_at === null ? null : Number(r.given_at),
    }
  })
}

/** Marks a reward given (or due again, to undo a mistake). */
export async function setRewardState(
  murmur: Murmur,
  scope: WorkspaceScope,
  id: string,
  state: RewardState,
): Promise<Reward> {
  const row = await scope.selectFrom('rewards').select('id').where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Reward')
  await scope
    .updateTable('rewards')
    .set({ state, given_at: state === 'given' ? murmur.now() : null })
    .where('id', '=', id)
    .execute()
  const [reward] = (await listRewards(scope, {})).filter((r) => r.id === id)
  return reward!
}
