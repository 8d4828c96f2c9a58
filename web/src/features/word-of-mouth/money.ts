/** Amounts are in minor units (cents); shown with two decimals, no currency guess. */
export const formatMoney = (minor: number | null | undefined) =>
  minor === null || minor === undefined
    ? '—'
    : (minor / 100).toLocaleString(undefined, {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      })
