// The five-area split's running total, as a person types (progressive enhancement).
// Without JavaScript the server adds the percentages up after "Continue"; this only shows the same words sooner.
// Markup: a fieldset with data-cc-split-total holding the number inputs and one element with
// data-cc-split-total-output (an aria-live="polite" region, so screen readers hear the new total).

export function totalOf (inputs) {
  let total = 0
  let any = false
  for (const input of inputs) {
    const text = input.value.trim()
    if (text === '') continue
    any = true
    if (/^\d+$/.test(text)) total += parseInt(text, 10)
  }
  return any ? total : null
}

export function initSplitTotals (root = document) {
  for (const fieldset of root.querySelectorAll('[data-cc-split-total]')) {
    const output = fieldset.querySelector('[data-cc-split-total-output]')
    const inputs = [...fieldset.querySelectorAll('input')]
    if (!output || inputs.length === 0) continue
    const update = () => {
      const total = totalOf(inputs)
      output.replaceChildren()
      if (total === null) return
      const words = document.createElement('strong')
      words.textContent = `Total so far: ${total}%`
      output.append(words, total === 100 ? ' (that adds up to 100%)' : ' (it must be 100%)')
    }
    for (const input of inputs) input.addEventListener('input', update)
  }
}
