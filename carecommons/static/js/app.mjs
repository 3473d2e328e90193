import { initAll } from '/static/govuk/govuk-frontend.min.js'
import { initSplitTotals } from './split-total.mjs'
initAll()
initSplitTotals()
