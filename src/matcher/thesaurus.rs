//! The knowledge base's thesaurus (`knowledge/synonyms.json`) at match time: a question word that is
//! one member of a synonym group also matches the other members ("deal" matches the MOU's
//! "memorandum"), and a role that stands for someone ("our ambassador", "глава Пардиса") matches
//! that entry's name; both weigh less than the word itself.
//!
//! Members are read with the matcher's own tokenizer, so "memorandum of understanding" is the
//! terms `memorandum`, `understand`; a member is in a question when all its stems are. A word that
//! is the first half of a compound the knowledge base writes with ZWNJ (`رئیس‌جمهور`, president) is
//! not expanded as the word alone (`رئیس`, head).

use std::collections::HashMap;

use crate::knowledge::KnowledgeBase;

use super::Matcher;
use super::index::{Index, TermId, TermMatch, Via};
use super::normalize::Tokenizer;
use super::query::{Query, matched};

/// How close a synonym counts: well above a typo's floor, below the word itself.
const SYNONYM_SIMILARITY: f32 = 0.8;

/// One member of a group or one reference phrase, as stems.
#[derive(Debug, Clone)]
struct Member {
    stems: Vec<String>,
}

/// What a matched member expands to.
#[derive(Debug, Clone)]
struct Expansion {
    /// The member whose presence in a question triggers it.
    member: Member,
    /// The vocabulary terms it adds.
    terms: Vec<TermId>,
}

/// The thesaurus prepared for one index: each member with the terms it expands to, found by the
/// member's first stem, so a question looks at the few expansions its words can start.
#[derive(Debug, Default)]
pub(super) struct Expansions {
    expansions: Vec<Expansion>,
    by_first_stem: HashMap<String, Vec<usize>>,
}

impl Expansions {
    /// Reads the knowledge base's thesaurus against the index's vocabulary: a group member
    /// expands to the other members the vocabulary has; a reference phrase to its entry's titles.
    pub(super) fn build(kb: &KnowledgeBase, index: &Index, tokenizer: &Tokenizer) -> Expansions {
        let stems = |text: &str| -> Vec<String> {
            tokenizer.tokens(text).into_iter().map(|t| t.stem).collect()
        };
        let terms_of = |stems: &[String]| -> Option<Vec<TermId>> {
            stems.iter().map(|s| index.term_of(s)).collect()
        };
        let mut expansions = Vec::new();
        let thesaurus = kb.thesaurus();
        for group in thesaurus.groups() {
            let members: Vec<Vec<String>> = group
                .terms
                .iter()
                .map(|t| stems(t))
                .filter(|s| !s.is_empty())
                .collect();
            for (i, member) in members.iter().enumerate() {
                let mut terms: Vec<TermId> = members
                    .iter()
                    .enumerate()
                    .filter(|&(j, other)| j != i && other != member)
                    .filter_map(|(_, other)| terms_of(other))
                    .flatten()
                    .collect();
                terms.sort_unstable();
                terms.dedup();
                if !terms.is_empty() {
                    expansions.push(Expansion {
                        member: Member {
                            stems: member.clone(),
                        },
                        terms,
                    });
                }
            }
        }
        for reference in thesaurus.references() {
            let Some(entry) = kb.entry(&reference.entry) else {
                continue;
            };
            let mut terms: Vec<TermId> = entry
                .title
                .iter()
                .filter_map(|(_, title)| terms_of(&stems(title)))
                .flatten()
                .collect();
            terms.sort_unstable();
            terms.dedup();
            if terms.is_empty() {
                continue;
            }
            for phrase in &reference.phrases {
                let member = stems(phrase);
                if !member.is_empty() {
                    expansions.push(Expansion {
                        member: Member { stems: member },
                        terms: terms.clone(),
                    });
                }
            }
        }
        let mut by_first_stem: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, expansion) in expansions.iter().enumerate() {
            if let Some(first) = expansion.member.stems.first() {
                by_first_stem.entry(first.clone()).or_default().push(at);
            }
        }
        Expansions {
            expansions,
            by_first_stem,
        }
    }
}

impl Matcher {
    /// Adds each question word's synonyms and references to its matches (see the module
    /// documentation), and reweighs the words that gained their first match.
    pub(super) fn expand_synonyms(&self, query: &mut Query) {
        if self.expansions.expansions.is_empty() || query.terms.is_empty() {
            return;
        }
        // Which stems each question term stands for: its own, and its matches' (a typo of a
        // member is the member).
        let stands_for: Vec<Vec<&str>> = query
            .terms
            .iter()
            .map(|t| {
                let mut stems = vec![t.token.stem.as_str()];
                stems.extend(
                    t.matches
                        .iter()
                        .filter(|m| m.via != Via::Synonym)
                        .map(|m| self.index.term_text(m.term)),
                );
                stems
            })
            .collect();
        let compound_head: Vec<bool> = (0..query.terms.len())
            .map(|i| {
                query.terms.get(i + 1).is_some_and(|next| {
                    let together = format!("{}{}", query.terms[i].token.word, next.token.word);
                    !self.index.joined(&together).is_empty()
                })
            })
            .collect();
        let mut added: Vec<Vec<TermMatch>> = vec![Vec::new(); query.terms.len()];
        let mut candidates: Vec<usize> = stands_for
            .iter()
            .flatten()
            .filter_map(|stem| self.expansions.by_first_stem.get(*stem))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for expansion in candidates.iter().map(|&at| &self.expansions.expansions[at]) {
            let positions: Option<Vec<usize>> = expansion
                .member
                .stems
                .iter()
                .map(|stem| {
                    (0..query.terms.len())
                        .find(|&i| !compound_head[i] && stands_for[i].contains(&stem.as_str()))
                })
                .collect();
            let Some(positions) = positions else {
                continue;
            };
            for &at in &positions {
                for &term in &expansion.terms {
                    let known = query.terms[at].matches.iter().any(|m| m.term == term)
                        || added[at].iter().any(|m| m.term == term);
                    if !known {
                        added[at].push(matched(term, SYNONYM_SIMILARITY, Via::Synonym));
                    }
                }
            }
        }
        for (at, extra) in added.into_iter().enumerate() {
            if extra.is_empty() {
                continue;
            }
            let term = &mut query.terms[at];
            let was_unknown = term.matches.is_empty();
            term.matches.extend(extra);
            if was_unknown {
                term.weight = self.weight_of(&term.matches);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::knowledge::load_embedded;
    use crate::matcher::{Matcher, Via};

    fn synonyms_of(matcher: &Matcher, question: &str) -> Vec<String> {
        matcher
            .read(question)
            .terms
            .iter()
            .flat_map(|t| &t.matches)
            .filter(|m| m.via == Via::Synonym)
            .map(|m| matcher.index().term_text(m.term).to_string())
            .collect()
    }

    #[test]
    fn a_synonym_reaches_the_word_the_knowledge_base_uses_in_every_language() {
        let kb = load_embedded().expect("the embedded knowledge base is valid");
        let matcher = Matcher::new(&kb);
        for (question, word) in [
            ("deal", "memorandum"),
            ("бумага", "меморандум"),
            ("قرارداد", "تفاهم‌نامه"),
        ] {
            let expected: Vec<String> = crate::matcher::Tokenizer::default()
                .tokens(word)
                .into_iter()
                .map(|t| t.stem)
                .collect();
            let found = synonyms_of(&matcher, question);
            assert!(
                expected.iter().all(|stem| found.contains(stem)),
                "{question}: {found:?}"
            );
        }
    }

    #[test]
    fn a_role_leads_to_the_persons_name() {
        let kb = load_embedded().expect("the embedded knowledge base is valid");
        let matcher = Matcher::new(&kb);
        let found = synonyms_of(&matcher, "our ambassador");
        assert!(found.iter().any(|t| t == "jalali"), "{found:?}");
    }

    #[test]
    fn the_first_half_of_a_persian_compound_is_not_expanded_alone() {
        let kb = load_embedded().expect("the embedded knowledge base is valid");
        let matcher = Matcher::new(&kb);
        // رئیس‌جمهور (president) is not رئیس (head) of anything.
        let president = synonyms_of(&matcher, "رئیس جمهور روسیه");
        let head = synonyms_of(&matcher, "رئیس پارک");
        assert!(!head.is_empty());
        assert!(president.iter().all(|t| !head.contains(t)), "{president:?}");
    }
}
