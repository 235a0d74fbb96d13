"""`supportal/faq`: one Markdown file per question, generated category pages, deep links that
open the answer, answers reused from manual sections, FAQPage JSON-LD."""
