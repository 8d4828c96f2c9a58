import { describe, expect, test } from 'vitest'
import { createRng, estimateShareModel, forecastReach, type ShareModel } from './forecast.js'
import { chain, star } from './reference.js'
import { treeFromParents } from './tree.js'

describe('share model from past cascades', () => {
  const history = [treeFromParents(star(5)), treeFromParents(chain(3))]

  test('per generation: who passed it on, and how many people a share reached', () => {
    const model = estimateShareModel(history, { minPeoplePerEstimate: 1 })
    expect(model.cascades).toBe(2)
    expect(model.largestCascade).toBe(5)
    expect(model.generations).toEqual([
      {
        generation: 0,
        through: 0,
        people: 2,
        sharers: 2,
        shareProbability: 1,
        meanReachPerShare: 2.5,
        reachPerShare: [
          [1, 1],
          [4, 1],
        ],
      },
      {
        generation: 1,
        through: 1,
        people: 5,
        sharers: 1,
        shareProbability: 0.2,
        meanReachPerShare: 1,
        reachPerShare: [[1, 1]],
      },
      {
        generation: 2,
        through: null,
        people: 1,
        sharers: 0,
        shareProbability: 0,
        meanReachPerShare: 0,
        reachPerShare: [],
      },
    ])
  })

  test('thin generations are pooled into one tail estimate; the post stays on its own', () => {
    const model = estimateShareModel(history) // at least 30 people per estimate
    expect(model.generations.map((g) => [g.generation, g.through, g.people, g.sharers])).toEqual([
      [0, 0, 2, 2],
      [1, null, 6, 1],
    ])
  })

  test('no history at all gives a model that forecasts nothing', () => {
    const model = estimateShareModel([])
    expect(model.generations.map((g) => g.shareProbability)).toEqual([0, 0])
    expect(forecastReach(model, { runs: 10 })).toMatchObject({ p10: 0, p50: 0, p90: 0, max: 0 })
  })
})

describe('reach forecast (independent cascade, Monte Carlo)', () => {
  const model = (generations: Array<[number, Array<[number, number]>]>): ShareModel => ({
    cascades: 1,
    minPeoplePerEstimate: 30,
    largestCascade: 10,
    generations: generations.map(([p, reach], g) => ({
      generation: g,
      through: g === generations.length - 1 ? null : g,
      people: 100,
      sharers: Math.round(100 * p),
      shareProbability: p,
      meanReachPerShare: 0,
      reachPerShare: reach,
    })),
  })

  test('a certain outcome gives a point range', () => {
    const forecast = forecastReach(
      model([
        [1, [[4, 1]]],
        [0, []],
      ]),
      { runs: 50 },
    )
    expect(forecast).toMatchObject({ p10: 4, p50: 4, p90: 4, min: 4, max: 4, cappedRuns: 0 })
  })

  test('the expected reach of a known branching process', () => {
    // The post reaches 10 people; each passes it on with p = 1/2 to one new person, and so on:
    // 10 · (1 + 1/2 + 1/4 + ...) = 20 people on average.
    const forecast = forecastReach(
      model([
        [1, [[10, 1]]],
        [0.5, [[1, 1]]],
      ]),
      {
        runs: 20_000,
        seed: 7,
      },
    )
    expect(forecast.mean).toBeGreaterThan(19.5)
    expect(forecast.mean).toBeLessThan(20.5)
    expect(forecast.min).toBeGreaterThanOrEqual(10)
    expect(forecast.p10).toBeLessThanOrEqual(forecast.p50)
    expect(forecast.p50).toBeLessThanOrEqual(forecast.p90)
    expect(forecast.p90).toBeLessThanOrEqual(forecast.max)
  })

  test('runs that never stop are cut at the limits, and say so', () => {
    const endless = model([
      [1, [[1, 1]]],
      [1, [[1, 1]]],
    ])
    const byGenerations = forecastReach(endless, { runs: 5, maxGenerations: 12 })
    expect(byGenerations).toMatchObject({ p50: 12, cappedRuns: 5 })
    const byPeople = forecastReach(
      model([
        [1, [[3, 1]]],
        [1, [[3, 1]]],
      ]),
      {
        runs: 5,
        maxPeople: 100,
      },
    )
    expect(byPeople).toMatchObject({ p50: 100, cappedRuns: 5 })
    expect(byPeople.assumptions.join(' ')).toContain('which 5 runs reached')
  })

  test('the same seed gives the same forecast; the assumptions are stated', () => {
    const history = [
      treeFromParents(star(8)),
      treeFromParents(chain(6)),
      treeFromParents([-1, 0, 1, 1, 0]),
    ]
    const m = estimateShareModel(history, { minPeoplePerEstimate: 2 })
    const a = forecastReach(m, { seed: 42, runs: 500 })
    expect(forecastReach(m, { seed: 42, runs: 500 })).toEqual(a)
    expect(a.assumptions.length).toBeGreaterThanOrEqual(6)
    expect(a.assumptions[0]).toContain('3 past cascades')
    expect(a.assumptions.join(' ')).toContain('Independent cascade')
    expect(forecastReach(m, { firstGenerationPeople: 50, runs: 20 }).min).toBeGreaterThanOrEqual(50)
  })

  test('the random generator is seedable and uniform enough', () => {
    const a = createRng(3)
    const b = createRng(3)
    const draws = Array.from({ length: 10_000 }, () => a())
    expect(Array.from({ length: 5 }, () => b())).toEqual(draws.slice(0, 5))
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(1)
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02)
  })
})
