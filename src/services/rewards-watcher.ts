import type { Murmur } from '../murmur.js'
import { WorkspaceScope } from '../storage/workspace-scope.js'
import { updateWordOfMouthSettings } from './cascades-settings.js'
import { evaluateRewards } from './rewards.js'

/** How often workspaces with reward rules are checked for new clicks and conversions. */
export const REWARDS_CHECK_EVERY_MS = 15_000

/**
 * Marks rewards due as clicks and conversions arrive, whether or not anyone has the
 * rewards list open: every few seconds, each workspace with active reward rules whose
 * traffic changed since its last check (newest click, conversions, share links) is
 * evaluated again. Cheap when nothing changed: three indexed aggregates per workspace.
 */
export class RewardsWatcher {
  #timer: NodeJS.Timeout | undefined
  #running: Promise<number> | undefined

  constructor(
    private readonly murmur: Murmur,
    private readonly everyMs = REWARDS_CHECK_EVERY_MS,
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => void this.checkOnce(), this.everyMs)
    this.#timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    await this.#running?.catch(() => 0)
  }

  /** One round over every workspace with active rules; returns rewards newly due. */
  checkOnce(): Promise<number> {
    this.#running ??= this.#check().finally(() => {
      this.#running = undefined
    })
    return this.#running
  }

  async #check(): Promise<number> {
    const { db, log } = this.murmur
    let added = 0
    try {
      const workspaces = await db
        .selectFrom('reward_rules')
        .select('workspace_id')
        .distinct()
        .where('active', '=', 1)
        .execute()
      for (const { workspace_id } of workspaces) {
        const scope = new WorkspaceScope(db, workspace_id)
        const mark = await trafficMark(scope)
        const seen = await scope
          .selectFrom('word_of_mouth_settings')
          .select('rewards_checked_mark')
          .executeTakeFirst()
        if (seen?.rewards_checked_mark === mark) continue
        added += await evaluateRewards(this.murmur, scope)
        await updateWordOfMouthSettings(
          scope,
          { rewards_checked_mark: mark, rewards_checked_at: this.murmur.now() },
          this.murmur.now(),
        )
      }
    } catch (error) {
      log.error({ err: error }, 'checking reward rules failed; will retry')
    }
    return added
  }
}

/** Changes whenever a click, a conversion, a share link or a rule is added. */
async function trafficMark(scope: WorkspaceScope): Promise<string> {
  const [clicks, conversions, shares, rules] = await Promise.all([
    scope
      .selectFrom('clicks')
      .select((eb) => eb.fn.max('at').as('v'))
      .executeTakeFirst(),
    scope
      .selectFrom('conversions')
      .select((eb) => eb.fn.countAll().as('v'))
      .executeTakeFirst(),
    scope
      .selectFrom('share_links')
      .select((eb) => eb.fn.countAll().as('v'))
      .executeTakeFirst(),
    scope
      .selectFrom('reward_rules')
      .select((eb) => eb.fn.max('created_at').as('v'))
      .executeTakeFirst(),
  ])
  return [clicks?.v, conversions?.v, shares?.v, rules?.v].map((v) => String(v ?? 0)).join('|')
}
