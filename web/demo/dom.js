// The mock ATS's one DOM helper: an element with text (never HTML) and a class.
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}
