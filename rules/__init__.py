"""One module per rule. The registry discovers them; nothing else lists them."""
