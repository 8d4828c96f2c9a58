import { useEffect, useRef } from 'react'

export interface InboxKeyActions {
  next: () => void
  previous: () => void
  done: () => void
  reply: () => void
  assign: () => void
}

/** Whether a key press belongs to a field being typed in, not to the shortcuts. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  )
}

/** j/k move, e marks done, r replies, a assigns (docs/inbox.md › Keyboard). */
export function useInboxKeys(actions: InboxKeyActions): void {
  const latest = useRef(actions)
  latest.current = actions
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return
      const action = { j: 'next', k: 'previous', e: 'done', r: 'reply', a: 'assign' }[event.key] as
        | keyof InboxKeyActions
        | undefined
      if (!action) return
      event.preventDefault()
      latest.current[action]()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
