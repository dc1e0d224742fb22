// Lawha's corrector on the device: a port of `lawha_core::exercise` (Item::correct, the
// answer normalisation, number reading) and of the answer form's parsing
// (routes/exercises/form), so a pupil offline gets the mark the server would give.
// The server corrects again when the answer arrives, and its correction is the one recorded.
// Parity tests (crates/web/tests/offline_correct.rs for corrections,
// routes/exercises/form/offline_parity.rs for forms) run thousands of cases through both and
// fail on any difference: change the Rust and this file together. Unicode tables (NFKD,
// lower case, combining marks) come from the browser here and from Rust crates on the
// server; they can differ only on characters of a Unicode version one side lacks.
//
// Rust's `str` works on Unicode scalar values and UTF-8 bytes, JavaScript on UTF-16 code
// units, so the port iterates code points, compares texts by their UTF-8 bytes, and spells
// out Rust's definition of whitespace (`char::is_whitespace`) instead of using `\s` or trim().
(function (root) {
  'use strict';

  // response.rs: MAX_TEXT_CHARS, MAX_PARTS.
  var MAX_TEXT_CHARS = 2000;
  var MAX_PARTS = 200;
  // form/mod.rs: MAX_BODY_BYTES, MAX_FIELDS, MAX_NAME_CHARS.
  var MAX_BODY_BYTES = 64 * 1024;
  var MAX_FIELDS = MAX_PARTS + 8;
  var MAX_NAME_CHARS = 32;

  var utf8 = new TextEncoder();
  var COMBINING_MARK = /^\p{M}$/u;

  // ---------------------------------------------------------------- text helpers

  // Rust `char::is_whitespace` (the Unicode White_Space property). Unlike JavaScript's `\s`
  // it includes U+0085 and excludes U+FEFF.
  function isWhitespace(c) {
    var cp = c.codePointAt(0);
    return (cp >= 0x09 && cp <= 0x0d) || cp === 0x20 || cp === 0x85 || cp === 0xa0 ||
      cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 ||
      cp === 0x202f || cp === 0x205f || cp === 0x3000;
  }

  function isAsciiDigit(c) {
    return c !== undefined && c >= '0' && c <= '9';
  }

  // `str::trim_matches(pred)` on an array of code points; returns a string.
  function trimChars(chars, pred) {
    var start = 0;
    var end = chars.length;
    while (start < end && pred(chars[start])) start++;
    while (end > start && pred(chars[end - 1])) end--;
    return chars.slice(start, end).join('');
  }

  // `str::trim`.
  function trim(text) {
    return trimChars(Array.from(text), isWhitespace);
  }

  // Number of Unicode scalar values, as `str::chars().count()` (stops early past `limit`).
  function longerThan(text, limit) {
    if (text.length <= limit) return false;
    var n = 0;
    for (var _ of text) {
      if (++n > limit) return true;
    }
    return false;
  }

  // Rust `Ord for str`: byte-wise on UTF-8, which is code point order.
  function compareBytes(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] - b[i];
    }
    return a.length - b.length;
  }

  // `f64::max`: ignores NaN.
  function fmax(a, b) {
    if (Number.isNaN(a)) return b;
    if (Number.isNaN(b)) return a;
    return a > b ? a : b;
  }

  function opt(value) {
    return value === undefined ? null : value;
  }

  // ---------------------------------------------------------------- arabic.rs

  // `ascii_digit`: Arabic-Indic and Extended Arabic-Indic digits to ASCII.
  function asciiDigit(c) {
    var cp = c.codePointAt(0);
    if (cp >= 0x0660 && cp <= 0x0669) return String.fromCharCode(48 + cp - 0x0660);
    if (cp >= 0x06f0 && cp <= 0x06f9) return String.fromCharCode(48 + cp - 0x06f0);
    return null;
  }

  // `is_arabic_mark`: tashkeel, Quranic marks, superscript alef, tatweel.
  function isArabicMark(cp) {
    return (cp >= 0x0610 && cp <= 0x061a) || (cp >= 0x064b && cp <= 0x065f) || cp === 0x0670 ||
      (cp >= 0x06d6 && cp <= 0x06ed) || cp === 0x0640;
  }

  // `is_invisible`: zero-width, joiner and direction marks.
  function isInvisible(cp) {
    return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069) || cp === 0x061c || cp === 0xfeff;
  }

  var ARABIC_FOLDS = {
    'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا',
    'ة': 'ه', 'ى': 'ي', 'ی': 'ي', 'ؤ': 'و', 'ئ': 'ي', 'ک': 'ك'
  };

  // `fold_arabic_char`: the folded character, or null when it is dropped.
  function foldArabicChar(c) {
    var cp = c.codePointAt(0);
    if (isArabicMark(cp) || isInvisible(cp)) return null;
    var digit = asciiDigit(c);
    if (digit !== null) return digit;
    return Object.prototype.hasOwnProperty.call(ARABIC_FOLDS, c) ? ARABIC_FOLDS[c] : c;
  }

  // ---------------------------------------------------------------- normalize.rs

  var REPLACEMENTS = {
    '٫': '.', 'œ': 'oe', 'Œ': 'OE', 'æ': 'ae', 'Æ': 'AE', 'ß': 'ss',
    '’': "'", '‘': "'", 'ʼ': "'", '`': "'", '−': '-'
  };

  // `is_edge_punctuation`.
  var EDGE_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '"', "'", '«', '»', '“', '”',
    '„', '‹', '›', '¡', '¿', '·', '،', '؛', '؟', '۔']);

  // `push_folded`.
  function pushFolded(c, out) {
    if (COMBINING_MARK.test(c)) return;
    var folded = foldArabicChar(c);
    if (folded === null) return;
    out.push(Object.prototype.hasOwnProperty.call(REPLACEMENTS, folded) ? REPLACEMENTS[folded] : folded);
  }

  // `decimal_commas_to_points`: a comma between two ASCII digits becomes a point.
  function decimalCommasToPoints(chars) {
    return chars.map(function (c, i) {
      return c === ',' && i > 0 && isAsciiDigit(chars[i - 1]) && isAsciiDigit(chars[i + 1]) ? '.' : c;
    });
  }

  // `normalize_answer(text, case)`: `caseName` is "insensitive" or "sensitive".
  function normalizeAnswer(text, caseName) {
    var out = [];
    for (var c of text.normalize('NFKD')) {
      if (caseName === 'sensitive') {
        pushFolded(c, out);
      } else {
        // Rust's `char::to_lowercase`, one character at a time: lower-casing the whole
        // string would apply the final-sigma rule, which Rust's per-char mapping does not.
        for (var lower of c.toLowerCase()) pushFolded(lower, out);
      }
    }
    var chars = decimalCommasToPoints(Array.from(out.join('')));
    // `split_whitespace().join(" ")`.
    var words = [];
    var word = '';
    chars.forEach(function (ch) {
      if (isWhitespace(ch)) {
        if (word) words.push(word);
        word = '';
      } else {
        word += ch;
      }
    });
    if (word) words.push(word);
    var collapsed = Array.from(words.join(' '));
    return trimChars(collapsed, function (ch) {
      return isWhitespace(ch) || EDGE_PUNCTUATION.has(ch);
    }).normalize('NFC');
  }

  // ---------------------------------------------------------------- number.rs

  // `canonical_chars`.
  function canonicalChars(text) {
    var mapped = [];
    for (var c of text.normalize('NFKC')) {
      if (c === '\u200E' || c === '\u200F' || c === '\u061C' || c === '\uFEFF') continue;
      if (c === '٫' || c === ',') mapped.push('.');
      else if (c === '−') mapped.push('-');
      else mapped.push(asciiDigit(c) || c);
    }
    return Array.from(trim(mapped.join('')));
  }

  // `take_digits`: `state` is {chars, pos, literal}; returns how many digits were taken.
  function takeDigits(state, grouping) {
    var count = 0;
    for (;;) {
      var c = state.chars[state.pos];
      if (isAsciiDigit(c)) {
        state.literal += c;
        count++;
        state.pos++;
      } else if (grouping && count > 0 && (c === ' ' || c === '\u202F' || c === '٬') &&
                 isAsciiDigit(state.chars[state.pos + 1])) {
        state.pos++;
      } else {
        return count;
      }
    }
  }

  // `take_exponent`.
  function takeExponent(state) {
    var marker = state.chars[state.pos];
    if (marker !== 'e' && marker !== 'E') return;
    var start = state.pos + 1;
    var sign = state.chars[start];
    if (sign === '-' || sign === '+') start++;
    else sign = null;
    if (!isAsciiDigit(state.chars[start])) return;
    state.literal += 'e' + (sign || '');
    state.pos = start;
    takeDigits(state, false);
  }

  // `parse_quantity`: {value, unit} or null.
  function parseQuantity(text) {
    var state = { chars: canonicalChars(text), pos: 0, literal: '' };
    var sign = state.chars[0];
    if (sign === '-' || sign === '+') {
      state.literal += sign;
      state.pos++;
    }
    var integerDigits = takeDigits(state, true);
    var fractionDigits = 0;
    if (state.chars[state.pos] === '.') {
      state.literal += '.';
      state.pos++;
      fractionDigits = takeDigits(state, false);
    }
    if (integerDigits + fractionDigits === 0) return null;
    takeExponent(state);
    // The literal is `[sign] digits [. digits] [e [sign] digits]`, which Rust's `f64` parser
    // and `Number` read alike (both round correctly).
    var value = Number(state.literal);
    if (!Number.isFinite(value)) return null;
    return { value: value, unit: trim(state.chars.slice(state.pos).join('')).normalize('NFC') };
  }

  // ---------------------------------------------------------------- presentation.rs

  var FNV_OFFSET = BigInt('0xcbf29ce484222325');
  var FNV_PRIME = BigInt('0x100000001b3');
  var U64 = (BigInt(1) << BigInt(64)) - BigInt(1);

  // `fnv1a`: 64-bit FNV-1a over the UTF-8 bytes.
  function fnv1a(bytes) {
    var hash = FNV_OFFSET;
    for (var i = 0; i < bytes.length; i++) {
      hash = ((hash ^ BigInt(bytes[i])) * FNV_PRIME) & U64;
    }
    return hash;
  }

  // `sorted_by_hash`: by (hash, text).
  function sortedByHash(texts) {
    var keyed = texts.map(function (text) {
      var bytes = utf8.encode(text);
      return { text: text, bytes: bytes, hash: fnv1a(bytes) };
    });
    keyed.sort(function (a, b) {
      if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
      return compareBytes(a.bytes, b.bytes);
    });
    return keyed.map(function (k) { return k.text; });
  }

  // `ordering_entries`.
  function orderingEntries(sequence) {
    return sortedByHash(sequence.slice());
  }

  // `matching_options`: the distinct right-hand texts, then by hash.
  function matchingOptions(pairs, distractors) {
    var options = pairs.map(function (p) { return p.right; }).concat(distractors);
    options.sort(function (a, b) { return compareBytes(utf8.encode(a), utf8.encode(b)); });
    var distinct = options.filter(function (o, i) { return i === 0 || options[i - 1] !== o; });
    return sortedByHash(distinct);
  }

  // ---------------------------------------------------------------- response.rs checks

  // Each check returns an error code (ResponseError::code) or null.
  function checkPartCount(found, limit) {
    return found > Math.min(limit, MAX_PARTS) ? 'too-many-parts' : null;
  }

  function checkIndex(index, len) {
    return index >= len ? 'index-out-of-range' : null;
  }

  function checkDistinctIndexes(indexes, len) {
    var seen = new Array(len).fill(false);
    for (var i = 0; i < indexes.length; i++) {
      var index = indexes[i];
      if (checkIndex(index, len)) return 'index-out-of-range';
      if (seen[index]) return 'duplicate';
      seen[index] = true;
    }
    return null;
  }

  function checkText(text) {
    return longerThan(text, MAX_TEXT_CHARS) ? 'too-long' : null;
  }

  // ---------------------------------------------------------------- correct/mod.rs

  // `unit_interval`: NaN scores 0; kept in 0..=1.
  function unitInterval(score) {
    if (Number.isNaN(score)) return 0;
    return score < 0 ? 0 : score > 1 ? 1 : score;
  }

  // `is_full`.
  function isFull(score) {
    return score >= 1 - 1e-6;
  }

  // `mean`. Rust's `f64` sum starts from -0.0; the sign of a zero makes no difference here.
  function mean(scores) {
    if (scores.length === 0) return 0;
    return scores.map(unitInterval).reduce(function (a, b) { return a + b; }, -0) / scores.length;
  }

  function marking(score, feedback, parts) {
    return { score: score, feedback: feedback, parts: parts || [] };
  }

  function some(value) {
    return value === undefined || value === null ? [] : [value];
  }

  // ---------------------------------------------------------------- correct/choice.rs

  function single(choices, chosen) {
    if (chosen >= choices.length) return { error: 'index-out-of-range' };
    var choice = choices[chosen];
    return marking(choice.fraction, some(choice.feedback));
  }

  function multiple(choices, chosen) {
    var error = checkPartCount(chosen.length, choices.length) ||
      checkDistinctIndexes(chosen, choices.length);
    if (error) return { error: error };
    var picked = choices.filter(function (_, index) { return chosen.indexOf(index) >= 0; });
    var sum = picked.reduce(function (total, c) { return total + c.fraction; }, -0);
    var feedback = [];
    picked.forEach(function (c) { feedback = feedback.concat(some(c.feedback)); });
    return marking(unitInterval(sum), feedback);
  }

  function trueFalse(kind, given) {
    var feedback = given ? kind.feedback_true : kind.feedback_false;
    return marking(given === kind.answer ? 1 : 0, some(feedback));
  }

  // ---------------------------------------------------------------- correct/numeric.rs

  // `find_unit`: names compared exactly, after trimming and composing the author's.
  function findUnit(units, written) {
    for (var i = 0; i < units.length; i++) {
      if (trim(units[i].name).normalize('NFC') === written) return units[i];
    }
    return null;
  }

  // `accepts`: within the tolerance, widened by a relative 1e-9 for binary rounding.
  function accepts(answer, value) {
    var tolerance = Math.abs(answer.tolerance === undefined ? 0 : answer.tolerance);
    var slack = 1e-9 * fmax(Math.abs(answer.value), tolerance);
    return Math.abs(value - answer.value) <= tolerance + slack;
  }

  function fraction(answer) {
    return answer.fraction === undefined ? 1 : answer.fraction;
  }

  function numeric(kind, text) {
    var error = checkText(text);
    if (error) return { error: error };
    var quantity = parseQuantity(text);
    if (quantity === null) return { error: 'not-a-number' };
    var units = kind.units || [];
    var wrong = marking(0, some(kind.other_feedback));
    var value;
    if (units.length === 0) {
      if (quantity.unit !== '') return { error: 'not-a-number' };
      value = quantity.value;
    } else if (quantity.unit === '') {
      if (kind.unit_required) return wrong;
      value = quantity.value;
    } else {
      var unit = findUnit(units, quantity.unit);
      if (unit === null) return wrong;
      value = quantity.value * unit.factor;
    }
    for (var i = 0; i < kind.answers.length; i++) {
      var answer = kind.answers[i];
      if (accepts(answer, value)) return marking(fraction(answer), some(answer.feedback));
    }
    return wrong;
  }

  // ---------------------------------------------------------------- correct/text.rs

  // `matching_answer`: the first answer equal once both are normalised; never an empty one.
  function matchingAnswer(answers, caseName, text) {
    var given = normalizeAnswer(text, caseName);
    if (given === '') return null;
    for (var i = 0; i < answers.length; i++) {
      if (normalizeAnswer(answers[i].text, caseName) === given) return answers[i];
    }
    return null;
  }

  function shortAnswer(answers, caseName, text) {
    var error = checkText(text);
    if (error) return { error: error };
    var answer = matchingAnswer(answers, caseName || 'insensitive', text);
    return answer ? marking(fraction(answer), some(answer.feedback)) : marking(0, []);
  }

  // `blank_score`: [score, feedback-or-null] or {error}.
  function blankScore(blank, response) {
    var typed = typeof response === 'string';
    if (blank.type === 'typed' && typed) {
      var error = checkText(response);
      if (error) return { error: error };
      var answer = matchingAnswer(blank.answers, blank.case || 'insensitive', response);
      return answer ? [fraction(answer), opt(answer.feedback)] : [0, null];
    }
    if (blank.type === 'choice' && !typed) {
      if (response >= blank.choices.length) return { error: 'index-out-of-range' };
      var choice = blank.choices[response];
      return [choice.fraction, opt(choice.feedback)];
    }
    return { error: 'wrong-type' };
  }

  function fillBlanks(parts, given) {
    var blanks = parts.filter(function (p) { return p.type === 'blank'; })
      .map(function (p) { return p.blank; });
    var error = checkPartCount(given.length, blanks.length) ||
      (given.length !== blanks.length ? 'wrong-part-count' : null);
    if (error) return { error: error };
    var scores = [];
    var feedback = [];
    for (var i = 0; i < blanks.length; i++) {
      var scored = blankScore(blanks[i], given[i]);
      if (scored.error) return scored;
      scores.push(unitInterval(scored[0]));
      feedback = feedback.concat(some(scored[1]));
    }
    return marking(mean(scores), feedback, scores.map(isFull));
  }

  // ---------------------------------------------------------------- correct/arrange.rs

  function shareRight(parts) {
    var right = parts.filter(Boolean).length;
    return marking(parts.length === 0 ? 0 : right / parts.length, [], parts);
  }

  function matching(pairs, distractors, given) {
    var options = matchingOptions(pairs, distractors);
    var error = checkPartCount(given.length, pairs.length);
    if (error) return { error: error };
    var chosen = pairs.map(function () { return null; });
    for (var i = 0; i < given.length; i++) {
      var prompt = given[i][0];
      var option = given[i][1];
      if (checkIndex(prompt, pairs.length) || option >= options.length) {
        return { error: 'index-out-of-range' };
      }
      if (chosen[prompt] !== null) return { error: 'duplicate' };
      chosen[prompt] = options[option];
    }
    return shareRight(pairs.map(function (pair, i) { return chosen[i] === pair.right; }));
  }

  function ordering(sequence, order) {
    var entries = orderingEntries(sequence);
    var error = checkPartCount(order.length, entries.length) ||
      (order.length !== entries.length ? 'wrong-part-count' : null) ||
      checkDistinctIndexes(order, entries.length);
    if (error) return { error: error };
    return shareRight(sequence.map(function (right, i) { return entries[order[i]] === right; }));
  }

  // ---------------------------------------------------------------- Item::correct

  // One kind's marking, or {error}; mirrors the match in `Item::correct`.
  function mark(kind, response) {
    if (kind.type !== response.type) return { error: 'wrong-type' };
    switch (kind.type) {
      case 'single_choice': return single(kind.choices, response.choice);
      case 'multiple_choice': return multiple(kind.choices, response.choices);
      case 'true_false': return trueFalse(kind, response.answer);
      case 'numeric': return numeric(kind, response.text);
      case 'short_answer': return shortAnswer(kind.answers, kind.case, response.text);
      case 'fill_blanks': return fillBlanks(kind.parts, response.blanks);
      case 'matching': return matching(kind.pairs, kind.distractors || [], response.pairs);
      case 'ordering': return ordering(kind.sequence, response.order);
      default: return { error: 'wrong-type' };
    }
  }

  // `Item::correct`: {score, correct, feedback, parts, general_feedback, solution} or {error}.
  function correct(item, response) {
    var marked = mark(item.kind, response);
    if (marked.error) return { error: marked.error };
    var score = unitInterval(marked.score);
    return {
      score: score,
      correct: isFull(score),
      feedback: marked.feedback,
      parts: marked.parts,
      general_feedback: opt(item.general_feedback),
      solution: opt(item.solution)
    };
  }

  // ---------------------------------------------------------------- form/*.rs

  // `Refusal::message_key`, the codes the server answers a refused form with.
  var REFUSAL = {
    tooLarge: 'exercise-err-too-large',
    tooLong: 'exercise-err-too-long',
    malformed: 'exercise-err-stale-form',
    noAnswer: 'exercise-err-no-answer',
    incomplete: 'exercise-err-incomplete',
    badIndex: 'exercise-err-bad-index',
    duplicate: 'exercise-err-duplicate',
    notANumber: 'exercise-err-not-a-number'
  };

  // `From<ResponseError> for Refusal`: the message the server shows for a correction error.
  var REFUSAL_OF_ERROR = {
    'wrong-type': REFUSAL.malformed,
    'index-out-of-range': REFUSAL.badIndex,
    'duplicate': REFUSAL.duplicate,
    'too-long': REFUSAL.tooLong,
    'too-many-parts': REFUSAL.tooLarge,
    'wrong-part-count': REFUSAL.incomplete,
    'not-a-number': REFUSAL.notANumber
  };

  function refusalKey(code) {
    return REFUSAL_OF_ERROR[code] || REFUSAL.malformed;
  }

  function Refused(key) {
    this.key = key;
  }

  // `AnswerForm::first`: the first field of that name, trimmed; null when absent or blank.
  function first(fields, name) {
    for (var i = 0; i < fields.length; i++) {
      if (fields[i][0] === name) {
        var value = trim(fields[i][1]);
        return value === '' ? null : value;
      }
    }
    return null;
  }

  // `AnswerForm::all`.
  function all(fields, name) {
    return fields.filter(function (f) { return f[0] === name; })
      .map(function (f) { return trim(f[1]); })
      .filter(function (v) { return v !== ''; });
  }

  // response.rs `index`: a `usize` (ASCII digits, optional `+`) below `len`.
  function index(value, len) {
    if (!/^\+?[0-9]+$/.test(value)) throw new Refused(REFUSAL.badIndex);
    var n = Number(value.replace(/^\+/, ''));
    if (!(n < len)) throw new Refused(REFUSAL.badIndex);
    return n;
  }

  // `AnswerForm::parse`: the size checks, on the body the fields make once urlencoded.
  function checkForm(fields) {
    var body = new URLSearchParams(fields.map(function (f) { return [f[0], f[1]]; })).toString();
    if (utf8.encode(body).length > MAX_BODY_BYTES) throw new Refused(REFUSAL.tooLarge);
    if (fields.length > MAX_FIELDS) throw new Refused(REFUSAL.tooLarge);
    var tooLong = fields.some(function (f) {
      return longerThan(f[0], MAX_NAME_CHARS) || longerThan(f[1], MAX_TEXT_CHARS);
    });
    if (tooLong) throw new Refused(REFUSAL.tooLong);
  }

  function typedText(fields) {
    var text = first(fields, 'text');
    if (text === null) throw new Refused(REFUSAL.noAnswer);
    return text;
  }

  // response.rs `fill_blanks`: every gap is needed.
  function blanksFrom(parts, fields) {
    var gaps = parts.filter(function (p) { return p.type === 'blank'; });
    var blanks = [];
    var empty = 0;
    gaps.forEach(function (part, gap) {
      var value = first(fields, 'blank' + gap);
      if (value === null) {
        empty++;
        return;
      }
      blanks.push(part.blank.type === 'choice' ? index(value, part.blank.choices.length) : value);
    });
    if (empty === 0) return { type: 'fill_blanks', blanks: blanks };
    throw new Refused(empty === gaps.length ? REFUSAL.noAnswer : REFUSAL.incomplete);
  }

  // `response_for` on the item's public view (the lengths below are the public lists').
  function responseFor(kind, fields) {
    switch (kind.type) {
      case 'single_choice': {
        var value = first(fields, 'choice');
        if (value === null) throw new Refused(REFUSAL.noAnswer);
        return { type: 'single_choice', choice: index(value, kind.choices.length) };
      }
      case 'multiple_choice': {
        var chosen = all(fields, 'choice').map(function (v) { return index(v, kind.choices.length); });
        chosen.sort(function (a, b) { return a - b; });
        // A checkbox sent twice is the same choice.
        chosen = chosen.filter(function (c, i) { return i === 0 || chosen[i - 1] !== c; });
        return { type: 'multiple_choice', choices: chosen };
      }
      case 'true_false': {
        var answer = first(fields, 'answer');
        if (answer === 'true') return { type: 'true_false', answer: true };
        if (answer === 'false') return { type: 'true_false', answer: false };
        throw new Refused(answer === null ? REFUSAL.noAnswer : REFUSAL.badIndex);
      }
      case 'numeric': return { type: 'numeric', text: typedText(fields) };
      case 'short_answer': return { type: 'short_answer', text: typedText(fields) };
      case 'fill_blanks': return blanksFrom(kind.parts, fields);
      case 'matching': {
        var options = matchingOptions(kind.pairs, kind.distractors || []).length;
        var pairs = [];
        for (var prompt = 0; prompt < kind.pairs.length; prompt++) {
          var option = first(fields, 'match' + prompt);
          if (option !== null) pairs.push([prompt, index(option, options)]);
        }
        if (pairs.length === 0) throw new Refused(REFUSAL.noAnswer);
        return { type: 'matching', pairs: pairs };
      }
      case 'ordering': {
        var len = kind.sequence.length;
        var order = [];
        for (var position = 0; position < len; position++) {
          var entry = first(fields, 'order' + position);
          if (entry === null) throw new Refused(REFUSAL.incomplete);
          order.push(index(entry, len));
        }
        return { type: 'ordering', order: order };
      }
      default: throw new Refused(REFUSAL.malformed);
    }
  }

  // The response a set page's answer form holds: {response} or {error: refusal key}.
  // `fields`: [name, value] pairs, as `new FormData(form)` lists them.
  function responseFromFields(item, fields) {
    try {
      checkForm(fields);
      return { response: responseFor(item.kind, fields) };
    } catch (e) {
      if (e instanceof Refused) return { error: e.key };
      throw e;
    }
  }

  var api = {
    responseFromFields: responseFromFields,
    correct: correct,
    refusalKey: refusalKey,
    normalizeAnswer: normalizeAnswer,
    parseQuantity: parseQuantity
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.LawhaCorrect = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
