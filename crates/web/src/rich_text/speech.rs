//! A formula's LaTeX source read out as a short line of text, for the `aria-label` of its
//! `<math>`: accessibility checkers and some screen readers give MathML no name of its own,
//! so a choice whose only content is a formula would otherwise be an unlabelled control.
//!
//! This is deliberately a reading aid, not a renderer: `\frac{3}{4}` reads `3/4`,
//! `\sqrt{x}` reads `√(x)`, known symbols become their characters, other commands lose their
//! backslash, braces go.

/// Commands read as a character (or a word); everything else keeps its name.
const SYMBOLS: &[(&str, &str)] = &[
    ("times", "×"),
    ("cdot", "·"),
    ("div", "÷"),
    ("pm", "±"),
    ("mp", "∓"),
    ("leq", "≤"),
    ("le", "≤"),
    ("geq", "≥"),
    ("ge", "≥"),
    ("neq", "≠"),
    ("ne", "≠"),
    ("approx", "≈"),
    ("infty", "∞"),
    ("to", "→"),
    ("rightarrow", "→"),
    ("Rightarrow", "⇒"),
    ("Leftrightarrow", "⇔"),
    ("in", "∈"),
    ("notin", "∉"),
    ("subset", "⊂"),
    ("cup", "∪"),
    ("cap", "∩"),
    ("emptyset", "∅"),
    ("forall", "∀"),
    ("exists", "∃"),
    ("sum", "∑"),
    ("prod", "∏"),
    ("int", "∫"),
    ("partial", "∂"),
    ("degree", "°"),
    ("circ", "°"),
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("Delta", "Δ"),
    ("epsilon", "ε"),
    ("theta", "θ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("pi", "π"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("Sigma", "Σ"),
    ("phi", "φ"),
    ("omega", "ω"),
    ("Omega", "Ω"),
];

/// Commands that only change looks: dropped, their argument kept.
const INVISIBLE: &[&str] = &[
    "left",
    "right",
    "displaystyle",
    "text",
    "mathrm",
    "mathbf",
    "mathit",
    "mathbb",
    "operatorname",
    "quad",
    "qquad",
    ",",
    ";",
    "!",
    " ",
];

/// The readable text of a formula.
pub fn spoken(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    read(source, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read(source: &str, out: &mut String) {
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        match c {
            '\\' => {
                let (name, after) = command(&rest[1..]);
                rest = after;
                match name {
                    "frac" | "dfrac" | "tfrac" => {
                        let (top, after) = group(rest);
                        let (bottom, after) = group(after);
                        rest = after;
                        out.push_str(&grouped(top));
                        out.push('/');
                        out.push_str(&grouped(bottom));
                    }
                    "sqrt" => {
                        let (radicand, after) = group(rest);
                        rest = after;
                        out.push_str("√(");
                        read(radicand, out);
                        out.push(')');
                    }
                    _ if INVISIBLE.contains(&name) => out.push(' '),
                    _ => match SYMBOLS.iter().find(|(n, _)| *n == name) {
                        Some((_, symbol)) => {
                            out.push(' ');
                            out.push_str(symbol);
                            out.push(' ');
                        }
                        None => {
                            out.push(' ');
                            out.push_str(name);
                            out.push(' ');
                        }
                    },
                }
            }
            '^' | '_' => {
                let (script, after) = group(&rest[1..]);
                rest = after;
                out.push_str(&scripted(script, c == '^'));
            }
            '{' | '}' => rest = &rest[1..],
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
}

/// A command's name after its backslash: letters, or one other character.
fn command(text: &str) -> (&str, &str) {
    let letters = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphabetic())
        .map_or(text.len(), |(i, _)| i);
    if letters > 0 {
        return text.split_at(letters);
    }
    let one = text.chars().next().map_or(0, char::len_utf8);
    text.split_at(one)
}

/// The next argument: a `{…}` group (nested braces counted) or a single character.
fn group(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    if let Some(inner) = text.strip_prefix('{') {
        let mut depth = 1;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return (&inner[..i], &inner[i + 1..]);
                    }
                }
                _ => {}
            }
        }
        return (inner, "");
    }
    let one = text.chars().next().map_or(0, char::len_utf8);
    text.split_at(one)
}

/// An exponent or index: digits and signs as Unicode super/subscripts (`c²`, `x₁`),
/// anything else after `^`/`_` in parentheses.
fn scripted(script: &str, superscript: bool) -> String {
    const PLAIN: &str = "0123456789+-";
    let scripts = if superscript {
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻"
    } else {
        "₀₁₂₃₄₅₆₇₈₉₊₋"
    };
    let converted: Option<String> = script
        .chars()
        .map(|c| {
            let at = PLAIN.chars().position(|d| d == c)?;
            scripts.chars().nth(at)
        })
        .collect();
    match converted {
        Some(text) if !text.is_empty() => text,
        _ => {
            let mark = if superscript { '^' } else { '_' };
            format!("{mark}({})", spoken(script))
        }
    }
}

/// A fraction's part, in parentheses when it is more than one number or letter.
fn grouped(part: &str) -> String {
    let read_part = spoken(part);
    if read_part.chars().all(|c| c.is_alphanumeric() || c == '.') {
        read_part
    } else {
        format!("({read_part})")
    }
}

#[cfg(test)]
mod tests {
    use super::spoken;

    #[test]
    fn fractions_and_roots() {
        assert_eq!(spoken("\\frac{3}{4}"), "3/4");
        assert_eq!(spoken("\\frac{2x + 1}{x - 3}"), "(2x + 1)/(x - 3)");
        assert_eq!(spoken("\\sqrt{16} = 4"), "√(16) = 4");
        assert_eq!(spoken("\\frac12"), "1/2");
    }

    #[test]
    fn symbols_and_looks() {
        assert_eq!(spoken("2 \\times 4 \\neq 3 \\times 3"), "2 × 4 ≠ 3 × 3");
        assert_eq!(
            spoken("\\lim_{x \\to +\\infty} f(x)"),
            "lim _(x → + ∞) f(x)"
        );
        assert_eq!(spoken("A = c^2"), "A = c²");
        assert_eq!(spoken("x_1 + x^{-1} + e^{i\\pi}"), "x₁ + x⁻¹ + e^(i π)");
        assert_eq!(spoken("\\left( a \\right)"), "( a )");
        assert_eq!(spoken("\\text{cm}^2"), "cm²");
    }

    #[test]
    fn unknown_commands_keep_their_name_and_odd_input_never_panics() {
        assert_eq!(spoken("\\vec{u}"), "vec u");
        for odd in ["\\", "\\frac", "\\frac{", "{{}", "\\sqrt", "}}", "\\\\"] {
            let _ = spoken(odd);
        }
    }
}
