//! Public data types of the compatibility engine.

use serde::Serialize;
use serde_json::Value;

/// How undeclared properties of open objects are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Reason over every JSON value (the ground truth).
    #[default]
    Strict,
    /// Assume events never carry properties their schema does not declare.
    Lenient,
}

/// Which direction(s) a caller requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Backward,
    Forward,
    Full,
}

/// A semantic-version bump, ordered from smallest to largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// One of the two schemas being compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Old,
    New,
}

/// A concrete event accepted by one side and rejected by the other, checked by the validator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Witness {
    pub accepted_by: Side,
    pub event: Value,
}

/// What changed, with the data a reader needs. Serialised with a `kind` tag.
///
/// `old`/`new` hold the keyword values on each side (`null` when absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    TypeWidened {
        old: Value,
        new: Value,
    },
    TypeNarrowed {
        old: Value,
        new: Value,
    },
    TypeChanged {
        old: Value,
        new: Value,
    },
    PropertyAddedOpenModel {
        name: String,
    },
    PropertyAddedClosedModel {
        name: String,
    },
    PropertyRemovedOpenModel {
        name: String,
    },
    PropertyRemovedClosedModel {
        name: String,
    },
    RequiredAdded {
        name: String,
    },
    RequiredRemoved {
        name: String,
    },
    MinimumRaised {
        old: Value,
        new: Value,
    },
    MinimumLowered {
        old: Value,
        new: Value,
    },
    MaximumRaised {
        old: Value,
        new: Value,
    },
    MaximumLowered {
        old: Value,
        new: Value,
    },
    ExclusiveMinimumRaised {
        old: Value,
        new: Value,
    },
    ExclusiveMinimumLowered {
        old: Value,
        new: Value,
    },
    ExclusiveMaximumRaised {
        old: Value,
        new: Value,
    },
    ExclusiveMaximumLowered {
        old: Value,
        new: Value,
    },
    MinLengthRaised {
        old: Value,
        new: Value,
    },
    MinLengthLowered {
        old: Value,
        new: Value,
    },
    MaxLengthRaised {
        old: Value,
        new: Value,
    },
    MaxLengthLowered {
        old: Value,
        new: Value,
    },
    MinItemsRaised {
        old: Value,
        new: Value,
    },
    MinItemsLowered {
        old: Value,
        new: Value,
    },
    MaxItemsRaised {
        old: Value,
        new: Value,
    },
    MaxItemsLowered {
        old: Value,
        new: Value,
    },
    MinPropertiesRaised {
        old: Value,
        new: Value,
    },
    MinPropertiesLowered {
        old: Value,
        new: Value,
    },
    MaxPropertiesRaised {
        old: Value,
        new: Value,
    },
    MaxPropertiesLowered {
        old: Value,
        new: Value,
    },
    MultipleOfAdded {
        new: Value,
    },
    MultipleOfRemoved {
        old: Value,
    },
    /// `widened` is true when the new divisor divides the old one.
    MultipleOfChanged {
        old: Value,
        new: Value,
        widened: bool,
    },
    EnumAdded {
        new: Value,
    },
    EnumRemoved {
        old: Value,
    },
    EnumExtended {
        added: Vec<Value>,
    },
    EnumNarrowed {
        removed: Vec<Value>,
    },
    EnumChanged {
        added: Vec<Value>,
        removed: Vec<Value>,
    },
    ConstAdded {
        new: Value,
    },
    ConstRemoved {
        old: Value,
    },
    ConstChanged {
        old: Value,
        new: Value,
    },
    PatternAdded {
        new: String,
    },
    PatternRemoved {
        old: String,
    },
    PatternChanged {
        old: String,
        new: String,
    },
    FormatAdded {
        new: String,
    },
    FormatRemoved {
        old: String,
    },
    FormatChanged {
        old: String,
        new: String,
    },
    UniqueItemsAdded,
    UniqueItemsRemoved,
    /// `additionalProperties` went from allowing anything to a constraint (or `false`).
    AdditionalPropertiesNarrowed {
        old: Value,
        new: Value,
    },
    AdditionalPropertiesWidened {
        old: Value,
        new: Value,
    },
    AdditionalPropertiesChanged {
        old: Value,
        new: Value,
    },
    ItemsAdded {
        new: Value,
    },
    ItemsRemoved {
        old: Value,
    },
    ItemsFormChanged,
    AdditionalItemsNarrowed {
        old: Value,
        new: Value,
    },
    AdditionalItemsWidened {
        old: Value,
        new: Value,
    },
    PrefixItemsAdded {
        count: usize,
    },
    PrefixItemsRemoved {
        count: usize,
    },
    ContainsAdded,
    ContainsRemoved,
    ContainsChanged,
    PropertyNamesAdded,
    PropertyNamesRemoved,
    DependenciesAdded {
        name: String,
    },
    DependenciesRemoved {
        name: String,
    },
    DependenciesChanged {
        name: String,
    },
    PatternPropertiesAdded {
        pattern: String,
    },
    PatternPropertiesRemoved {
        pattern: String,
    },
    UnevaluatedPropertiesAdded,
    UnevaluatedPropertiesRemoved,
    UnevaluatedPropertiesChanged,
    UnevaluatedItemsChanged,
    AnyOfBranchAdded {
        index: usize,
    },
    AnyOfBranchRemoved {
        index: usize,
    },
    OneOfBranchAdded {
        index: usize,
    },
    OneOfBranchRemoved {
        index: usize,
    },
    AllOfBranchAdded {
        index: usize,
    },
    AllOfBranchRemoved {
        index: usize,
    },
    NotAdded,
    NotRemoved,
    NotChanged,
    IfThenElseChanged,
    RefTargetChanged {
        old: Value,
        new: Value,
    },
    /// A subschema changed shape (boolean schema, wrong keyword types...).
    SchemaReplaced,
    AnnotationChanged {
        keyword: String,
    },
    UnknownKeywordChanged {
        keyword: String,
    },
    /// The inclusion checker could not prove a direction and no definite change explains it.
    Unproven {
        reason: String,
    },
}

impl ChangeKind {
    /// The snake_case name used in the JSON `kind` field.
    pub fn kind(&self) -> &'static str {
        use ChangeKind::*;
        match self {
            TypeWidened { .. } => "type_widened",
            TypeNarrowed { .. } => "type_narrowed",
            TypeChanged { .. } => "type_changed",
            PropertyAddedOpenModel { .. } => "property_added_open_model",
            PropertyAddedClosedModel { .. } => "property_added_closed_model",
            PropertyRemovedOpenModel { .. } => "property_removed_open_model",
            PropertyRemovedClosedModel { .. } => "property_removed_closed_model",
            RequiredAdded { .. } => "required_added",
            RequiredRemoved { .. } => "required_removed",
            MinimumRaised { .. } => "minimum_raised",
            MinimumLowered { .. } => "minimum_lowered",
            MaximumRaised { .. } => "maximum_raised",
            MaximumLowered { .. } => "maximum_lowered",
            ExclusiveMinimumRaised { .. } => "exclusive_minimum_raised",
            ExclusiveMinimumLowered { .. } => "exclusive_minimum_lowered",
            ExclusiveMaximumRaised { .. } => "exclusive_maximum_raised",
            ExclusiveMaximumLowered { .. } => "exclusive_maximum_lowered",
            MinLengthRaised { .. } => "min_length_raised",
            MinLengthLowered { .. } => "min_length_lowered",
            MaxLengthRaised { .. } => "max_length_raised",
            MaxLengthLowered { .. } => "max_length_lowered",
            MinItemsRaised { .. } => "min_items_raised",
            MinItemsLowered { .. } => "min_items_lowered",
            MaxItemsRaised { .. } => "max_items_raised",
            MaxItemsLowered { .. } => "max_items_lowered",
            MinPropertiesRaised { .. } => "min_properties_raised",
            MinPropertiesLowered { .. } => "min_properties_lowered",
            MaxPropertiesRaised { .. } => "max_properties_raised",
            MaxPropertiesLowered { .. } => "max_properties_lowered",
            MultipleOfAdded { .. } => "multiple_of_added",
            MultipleOfRemoved { .. } => "multiple_of_removed",
            MultipleOfChanged { .. } => "multiple_of_changed",
            EnumAdded { .. } => "enum_added",
            EnumRemoved { .. } => "enum_removed",
            EnumExtended { .. } => "enum_extended",
            EnumNarrowed { .. } => "enum_narrowed",
            EnumChanged { .. } => "enum_changed",
            ConstAdded { .. } => "const_added",
            ConstRemoved { .. } => "const_removed",
            ConstChanged { .. } => "const_changed",
            PatternAdded { .. } => "pattern_added",
            PatternRemoved { .. } => "pattern_removed",
            PatternChanged { .. } => "pattern_changed",
            FormatAdded { .. } => "format_added",
            FormatRemoved { .. } => "format_removed",
            FormatChanged { .. } => "format_changed",
            UniqueItemsAdded => "unique_items_added",
            UniqueItemsRemoved => "unique_items_removed",
            AdditionalPropertiesNarrowed { .. } => "additional_properties_narrowed",
            AdditionalPropertiesWidened { .. } => "additional_properties_widened",
            AdditionalPropertiesChanged { .. } => "additional_properties_changed",
            ItemsAdded { .. } => "items_added",
            ItemsRemoved { .. } => "items_removed",
            ItemsFormChanged => "items_form_changed",
            AdditionalItemsNarrowed { .. } => "additional_items_narrowed",
            AdditionalItemsWidened { .. } => "additional_items_widened",
            PrefixItemsAdded { .. } => "prefix_items_added",
            PrefixItemsRemoved { .. } => "prefix_items_removed",
            ContainsAdded => "contains_added",
            ContainsRemoved => "contains_removed",
            ContainsChanged => "contains_changed",
            PropertyNamesAdded => "property_names_added",
            PropertyNamesRemoved => "property_names_removed",
            DependenciesAdded { .. } => "dependencies_added",
            DependenciesRemoved { .. } => "dependencies_removed",
            DependenciesChanged { .. } => "dependencies_changed",
            PatternPropertiesAdded { .. } => "pattern_properties_added",
            PatternPropertiesRemoved { .. } => "pattern_properties_removed",
            UnevaluatedPropertiesAdded => "unevaluated_properties_added",
            UnevaluatedPropertiesRemoved => "unevaluated_properties_removed",
            UnevaluatedPropertiesChanged => "unevaluated_properties_changed",
            UnevaluatedItemsChanged => "unevaluated_items_changed",
            AnyOfBranchAdded { .. } => "any_of_branch_added",
            AnyOfBranchRemoved { .. } => "any_of_branch_removed",
            OneOfBranchAdded { .. } => "one_of_branch_added",
            OneOfBranchRemoved { .. } => "one_of_branch_removed",
            AllOfBranchAdded { .. } => "all_of_branch_added",
            AllOfBranchRemoved { .. } => "all_of_branch_removed",
            NotAdded => "not_added",
            NotRemoved => "not_removed",
            NotChanged => "not_changed",
            IfThenElseChanged => "if_then_else_changed",
            RefTargetChanged { .. } => "ref_target_changed",
            SchemaReplaced => "schema_replaced",
            AnnotationChanged { .. } => "annotation_changed",
            UnknownKeywordChanged { .. } => "unknown_keyword_changed",
            Unproven { .. } => "unproven",
        }
    }

    /// The change's own effect on backward compatibility (OLD ⊆ NEW), taken on its own.
    /// `None` means the effect depends on the subschemas and is computed by the
    /// inclusion checker.
    pub fn backward(&self, policy: Policy) -> Option<bool> {
        self.effect(policy).map(|e| e.0)
    }

    /// The change's own effect on forward compatibility (NEW ⊆ OLD); see [`Self::backward`].
    pub fn forward(&self, policy: Policy) -> Option<bool> {
        self.effect(policy).map(|e| e.1)
    }

    /// (backward, forward). Narrowing = (false, true); widening = (true, false).
    fn effect(&self, policy: Policy) -> Option<(bool, bool)> {
        use ChangeKind::*;
        const NARROW: Option<(bool, bool)> = Some((false, true));
        const WIDEN: Option<(bool, bool)> = Some((true, false));
        const BOTH_BROKEN: Option<(bool, bool)> = Some((false, false));
        const NEUTRAL: Option<(bool, bool)> = Some((true, true));
        let lenient = policy == Policy::Lenient;
        match self {
            TypeWidened { .. } => WIDEN,
            TypeNarrowed { .. } => NARROW,
            TypeChanged { .. } => BOTH_BROKEN,
            PropertyAddedOpenModel { .. } => {
                if lenient {
                    NEUTRAL
                } else {
                    NARROW
                }
            }
            PropertyAddedClosedModel { .. } => WIDEN,
            PropertyRemovedOpenModel { .. } => {
                if lenient {
                    NEUTRAL
                } else {
                    WIDEN
                }
            }
            PropertyRemovedClosedModel { .. } => NARROW,
            RequiredAdded { .. } => NARROW,
            RequiredRemoved { .. } => WIDEN,
            MinimumRaised { .. }
            | ExclusiveMinimumRaised { .. }
            | MinLengthRaised { .. }
            | MinItemsRaised { .. }
            | MinPropertiesRaised { .. }
            | MaximumLowered { .. }
            | ExclusiveMaximumLowered { .. }
            | MaxLengthLowered { .. }
            | MaxItemsLowered { .. }
            | MaxPropertiesLowered { .. } => NARROW,
            MinimumLowered { .. }
            | ExclusiveMinimumLowered { .. }
            | MinLengthLowered { .. }
            | MinItemsLowered { .. }
            | MinPropertiesLowered { .. }
            | MaximumRaised { .. }
            | ExclusiveMaximumRaised { .. }
            | MaxLengthRaised { .. }
            | MaxItemsRaised { .. }
            | MaxPropertiesRaised { .. } => WIDEN,
            MultipleOfAdded { .. } => NARROW,
            MultipleOfRemoved { .. } => WIDEN,
            MultipleOfChanged { widened, .. } => {
                if *widened {
                    WIDEN
                } else {
                    BOTH_BROKEN
                }
            }
            EnumAdded { .. } => NARROW,
            EnumRemoved { .. } => WIDEN,
            EnumExtended { .. } => WIDEN,
            EnumNarrowed { .. } => NARROW,
            EnumChanged { .. } => BOTH_BROKEN,
            ConstAdded { .. } => NARROW,
            ConstRemoved { .. } => WIDEN,
            ConstChanged { .. } => BOTH_BROKEN,
            PatternAdded { .. } => NARROW,
            PatternRemoved { .. } => WIDEN,
            PatternChanged { .. } => BOTH_BROKEN,
            FormatAdded { .. } => NARROW,
            FormatRemoved { .. } => WIDEN,
            FormatChanged { .. } => BOTH_BROKEN,
            UniqueItemsAdded => NARROW,
            UniqueItemsRemoved => WIDEN,
            AdditionalPropertiesNarrowed { .. } => NARROW,
            AdditionalPropertiesWidened { .. } => WIDEN,
            AdditionalPropertiesChanged { .. } => None,
            ItemsAdded { .. } => NARROW,
            ItemsRemoved { .. } => WIDEN,
            ItemsFormChanged => None,
            AdditionalItemsNarrowed { .. } => NARROW,
            AdditionalItemsWidened { .. } => WIDEN,
            PrefixItemsAdded { .. } => NARROW,
            PrefixItemsRemoved { .. } => WIDEN,
            ContainsAdded => NARROW,
            ContainsRemoved => WIDEN,
            ContainsChanged => None,
            PropertyNamesAdded => NARROW,
            PropertyNamesRemoved => WIDEN,
            DependenciesAdded { .. } => NARROW,
            DependenciesRemoved { .. } => WIDEN,
            DependenciesChanged { .. } => None,
            PatternPropertiesAdded { .. } => NARROW,
            PatternPropertiesRemoved { .. } => WIDEN,
            UnevaluatedPropertiesAdded => NARROW,
            UnevaluatedPropertiesRemoved => WIDEN,
            UnevaluatedPropertiesChanged | UnevaluatedItemsChanged => None,
            AnyOfBranchAdded { .. } => WIDEN,
            AnyOfBranchRemoved { .. } => NARROW,
            // a new branch may overlap an old one, making matching events ambiguous
            OneOfBranchAdded { .. } | OneOfBranchRemoved { .. } => None,
            AllOfBranchAdded { .. } => NARROW,
            AllOfBranchRemoved { .. } => WIDEN,
            NotAdded => NARROW,
            NotRemoved => WIDEN,
            NotChanged => None,
            IfThenElseChanged => None,
            RefTargetChanged { .. } => None,
            SchemaReplaced => None,
            AnnotationChanged { .. } => NEUTRAL,
            UnknownKeywordChanged { .. } => BOTH_BROKEN,
            Unproven { .. } => BOTH_BROKEN,
        }
    }
}

/// One classified difference between OLD and NEW.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// JSON pointer into the (ref-inlined) schema, e.g. `/properties/payload/properties/state`.
    pub path: String,
    pub backward: bool,
    pub forward: bool,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Witness>,
    /// The directions (`backward`, `forward`) whose proof this change alone blocks: no
    /// witness shows it breaking them, and with it reverted (everything else as in NEW) the
    /// direction is proved.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocks_proof: Vec<&'static str>,
}

impl Change {
    /// The change's effect in a few words: `compatible`, `breaks backward`, `breaks forward`
    /// or `breaks both`.
    pub fn effect(&self) -> &'static str {
        match (self.backward, self.forward) {
            (true, true) => "compatible",
            (true, false) => "breaks forward",
            (false, true) => "breaks backward",
            (false, false) => "breaks both",
        }
    }
}

/// The declared top-level `version`s and whether NEW's covers the required bump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declared {
    pub old: String,
    pub new: String,
    pub ok: bool,
    /// The smallest version NEW would need, when `ok` is false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<String>,
}

/// The result of comparing two schemas.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub backward: bool,
    pub forward: bool,
    pub changes: Vec<Change>,
    pub policy: Policy,
    /// False only when both directions are proved (or the documents are equal).
    pub accepted_set_changed: bool,
    pub documents_equal: bool,
}

impl Comparison {
    /// `full`, `backward`, `forward` or `none`.
    pub fn verdict(&self) -> &'static str {
        match (self.backward, self.forward) {
            (true, true) => "full",
            (true, false) => "backward",
            (false, true) => "forward",
            (false, false) => "none",
        }
    }

    /// Whether the comparison satisfies `mode`.
    pub fn compatible(&self, mode: Mode) -> bool {
        match mode {
            Mode::Backward => self.backward,
            Mode::Forward => self.forward,
            Mode::Full => self.backward && self.forward,
        }
    }

    /// The smallest semver bump the change needs under `mode` (DESIGN "required_bump").
    pub fn required_bump(&self, mode: Mode) -> Bump {
        if self.documents_equal {
            Bump::None
        } else if !self.compatible(mode) {
            Bump::Major
        } else if self.accepted_set_changed {
            Bump::Minor
        } else {
            Bump::Patch
        }
    }
}
