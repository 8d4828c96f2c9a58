import { MurmurError } from '../errors.js'

/** Why a list of edges is not one tree. */
export type TreeProblemKind =
  | 'empty'
  | 'no_root'
  | 'several_roots'
  | 'missing_child'
  | 'self_loop'
  | 'repeated_child'
  | 'several_parents'
  | 'unknown_parent'
  | 'cycle'

/** One reason, with the 1-based rows of the input it comes from. */
export interface TreeProblem {
  kind: TreeProblemKind
  rows: number[]
  message: string
}

const SHOWN_PROBLEMS = 5
const SHOWN_ROWS = 10

/** "row 3", "rows 3 and 7", "rows 3, 7, 9 and 12", "rows 1, 2, … and 40 more". */
export function describeRows(rows: readonly number[]): string {
  if (rows.length === 1) return `row ${rows[0]}`
  if (rows.length > SHOWN_ROWS) {
    const shown = rows.slice(0, SHOWN_ROWS).join(', ')
    return `rows ${shown} and ${rows.length - SHOWN_ROWS} more`
  }
  return `rows ${rows.slice(0, -1).join(', ')} and ${rows[rows.length - 1]}`
}

/** An id as it appears in messages: quoted, and shortened when very long. */
export function quoteId(id: string): string {
  const shown = id.length > 40 ? `${id.slice(0, 37)}...` : id
  return JSON.stringify(shown)
}

/**
 * Thrown when edges do not form exactly one tree. `problems` lists every
 * reason found (the message shows the first few), each naming its rows.
 */
export class CascadeTreeError extends MurmurError {
  readonly problems: readonly TreeProblem[]

  constructor(problems: readonly TreeProblem[]) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => p.message)
    const more =
      problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : ''
    super('validation_failed', `Not a share tree: ${shown.join('; ')}${more}.`, {
      details: problems,
    })
    this.name = 'CascadeTreeError'
    this.problems = problems
  }
}
