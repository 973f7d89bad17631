"""One construct per part of the system; stacks compose them."""
