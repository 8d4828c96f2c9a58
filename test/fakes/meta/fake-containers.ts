/**
 * Media containers as Instagram and Threads run them: created from a public URL, IN_PROGRESS
 * while Meta downloads and processes the media, then FINISHED (or ERROR, or EXPIRED after 24
 * hours unpublished), and PUBLISHED once used. Tests choose how long processing takes and can
 * make the next container fail.
 */
export type FakeContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED'

export interface FakeContainer {
  id: string
  ownerId: string
  mediaType: string
  params: Record<string, string>
  /** Downloaded image bytes and their alt text, for read-back. */
  images: Array<{ bytes: Uint8Array; altText?: string }>
  /** Item containers of a carousel. */
  children: string[]
  isCarouselItem: boolean
  status: FakeContainerStatus
  errorMessage?: string
  /** Status reads left before processing ends. */
  pollsLeft: number
  createdAt: number
  publishedAs?: string
}

const DAY = 24 * 60 * 60_000

export class FakeContainers {
  readonly #containers = new Map<string, FakeContainer>()
  /** How many status reads a new container answers IN_PROGRESS before FINISHED. */
  processingPolls = 0
  /** What the next container ends as instead of FINISHED, with Meta's error message. */
  nextOutcome: { status: 'ERROR' | 'EXPIRED'; errorMessage?: string } | undefined
  readonly #now: () => number

  constructor(now: () => number) {
    this.#now = now
  }

  add(container: Omit<FakeContainer, 'status' | 'pollsLeft' | 'createdAt'>): FakeContainer {
    const stored: FakeContainer = {
      ...container,
      status: 'IN_PROGRESS',
      pollsLeft: this.processingPolls,
      createdAt: this.#now(),
    }
    if (this.nextOutcome) {
      stored.status = this.nextOutcome.status
      if (this.nextOutcome.errorMessage) stored.errorMessage = this.nextOutcome.errorMessage
      this.nextOutcome = undefined
    } else if (stored.pollsLeft === 0) {
      stored.status = 'FINISHED'
    }
    this.#containers.set(stored.id, stored)
    return stored
  }

  get(id: string): FakeContainer | undefined {
    return this.#containers.get(id)
  }

  /** One status read: processing advances, containers left unpublished for 24 hours expire. */
  read(id: string): FakeContainer | undefined {
    const container = this.#containers.get(id)
    if (!container) return undefined
    if (container.status === 'IN_PROGRESS') {
      if (container.pollsLeft <= 0) container.status = 'FINISHED'
      else container.pollsLeft--
    }
    if (container.status === 'FINISHED' && this.#now() - container.createdAt > DAY) {
      container.status = 'EXPIRED'
    }
    return container
  }

  fail(id: string, errorMessage: string): void {
    const container = this.#containers.get(id)
    if (container) {
      container.status = 'ERROR'
      container.errorMessage = errorMessage
    }
  }
}
