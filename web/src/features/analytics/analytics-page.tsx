// Analytics is Attention's dashboard (web/src/features/attention); traffic joins it there.
export { default } from '../attention/attention-page.js'
