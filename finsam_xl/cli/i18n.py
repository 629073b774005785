"""click's own words in Swedish, or English with ``--english``: one language per run.

click marks its texts for gettext (``_("Usage:")``) but ships no catalogues, so the Swedish texts
live here and are put in place of the gettext functions of click's modules when the command line
starts (``use_language``); placeholders such as ``{name!r}`` are kept. Words click does not pass
through gettext (``[OPTIONS]``, ``COMMAND [ARGS]...`` and the type metavars ``INTEGER``, ``PATH``…)
are set on the commands and types themselves (``swedish_metavars``).

``CLICK_MSGIDS_NOT_SHOWN`` lists click's marked texts that a user of finsam-xl never sees
(programming errors, prompts and shell completion we do not use); a test checks that every other
text of the installed click has a translation here.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

import click

SV: dict[str, str] = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "default: {default}": "standard: {default}",
    "required": "krävs",
    "env var: {var}": "miljövariabel: {var}",
    "(dynamic)": "(beräknas)",
    "deprecated": "utgår",
    "Aborted!": "Avbrutet.",
    "Missing command.": "Ange ett kommando.",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Värde saknas",
    "Missing parameter: {param_name}": "Värde saknas: {param_name}",
    "Missing {param_type}": "{param_type} saknas",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Could not open file {filename!r}: {message}": "Kan inte öppna filen {filename!r}: {message}",
    "unknown error": "okänt fel",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "Value must be an iterable.": "Värdet ska vara en lista.",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "Choice({choices})": "Val({choices})",
    "{value} is not in the range {range}.": "{value} ligger inte i intervallet {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} är inte ja eller nej. Giltiga värden: {states}"
    ),
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt {number_type}.",
    "{value!r} is not a valid UUID.": "{value!r} är inte ett giltigt UUID.",
    # {name} is click's English "File"/"Directory"/"Path", fixed when the type is made: left out
    "{name} {filename!r} is a file.": "{filename!r} är en fil, inte en mapp.",
    "{name} {filename!r} is a directory.": "{filename!r} är en mapp, inte en fil.",
    "{name} {filename!r} is not readable.": "{filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{filename!r} går inte att skriva.",
    "{name} {filename!r} is not executable.": "{filename!r} går inte att köra.",
    "{name} {filename!r} does not exist.": "{filename!r} finns inte.",
    "Do you want to continue?": "Vill du fortsätta?",
    "Confirm the action without prompting.": "Bekräfta utan att fråga.",
    "Error: invalid input": "Fel: ogiltig inmatning",
    "Press any key to continue...": "Tryck på en tangent för att fortsätta …",
    "Windows error: {error}": "Windows-fel: {error}",
    # click 8.2-8.3's wording of texts 8.4 words as above (xlwings Lite's Pyodide has 8.3)
    "No such option: {name}": "Flaggan finns inte: {name}",
    "Error: {e.message}": "Fel: {e.message}",
    "Error: The value you entered was invalid.": "Fel: värdet du angav är ogiltigt.",
    "{value!r} is not a valid boolean.": "{value!r} är inte ja eller nej.",
    "{text} {deprecated_message}": "{text} {deprecated_message}",
}

# (singular, plural) -> (Swedish singular, Swedish plural)
SV_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Oväntat extra argument ({args})",
        "Oväntade extra argument ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Menade du {possibility}?",
        "(Menade du någon av: {possibilities}?)",
    ),
    ("Did you mean {possibility}?", "(Possible options: {possibilities})"): (  # click 8.2-8.3
        "Menade du {possibility}?",
        "(Möjliga flaggor: {possibilities})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Flaggan {name!r} behöver ett värde.",
        "Flaggan {name!r} behöver {nargs} värden.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} är inte {choice}.",
        "{value!r} är inte något av {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} har inte formatet {format}.",
        "{value!r} har inget av formaten {formats}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Tar {nargs} värden men fick 1.",
        "Tar {nargs} värden men fick {len}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "{len_type} värden krävs, men {len_value} gavs.",
        "{len_type} värden krävs, men {len_value} gavs.",
    ),
}

CLICK_MSGIDS_NOT_SHOWN = frozenset(
    {
        "file",  # the names of click.Path, kept English: shown only as metavars (METAVARS_SV)
        "directory",
        "path",
        "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
        "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
        "Could not determine name for option with declarations {decls!r}",
        "No options defined but a name was passed ({name}). Did you mean to declare an argument "
        "instead? Did you mean to pass '--{name}'?",
        "Arguments take exactly one parameter declaration, got {length}: {decls}.",
        "Name '{name}' defined twice",
        "Boolean option {decl!r} cannot use the same flag for true/false.",
        "Invalid start character for option ({option})",
        "Repeat for confirmation",
        "Error: The two entered values do not match.",
        "Unknown color {colour!r}",
        "Unknown standard stream '{name}'",
        "d",
        "{editor}: Editing failed",
        "{editor}: Editing failed: {e}",
        "Couldn't detect Bash version, shell completion is not supported.",
        "Shell completion is not supported for Bash versions older than 4.4.",
    }
)

# Type metavars click derives from the type's English name, argument names, and the usage line's
# placeholders.
METAVARS_SV = {
    "INTEGER": "HELTAL",
    "INTEGER RANGE": "HELTAL",
    "FLOAT": "TAL",
    "FLOAT RANGE": "TAL",
    "PATH": "SÖKVÄG",
    "FILE": "FIL",
    "DIRECTORY": "MAPP",
    "DATETIME": "DATUM",
    "BOOLEAN": "JA|NEJ",
    "TEXT": "TEXT",
    "PATHS": "SÖKVÄGAR",
}
OPTIONS_METAVAR = {"sv": "[FLAGGOR]", "en": "[OPTIONS]"}
SUBCOMMAND_METAVAR = {"sv": "KOMMANDO [ARGUMENT]...", "en": "COMMAND [ARGS]..."}

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
                  "utils", "_termui_impl")  # fmt: skip
_language = "sv"


def language() -> str:
    """``sv`` or ``en``: the language of this run's click texts."""
    return _language


def gettext(message: str) -> str:
    return SV.get(message, message) if _language == "sv" else message


def ngettext(singular: str, plural: str, n: int) -> str:
    if _language == "sv" and (singular, plural) in SV_PLURAL:
        sv_singular, sv_plural = SV_PLURAL[singular, plural]
        return sv_singular if n == 1 else sv_plural
    return singular if n == 1 else plural


def _make_metavar(original: Callable[..., str]) -> Callable[..., str]:
    def make_metavar(self: click.Parameter, ctx: click.Context) -> str:
        found = original(self, ctx)
        if _language == "en":
            return found
        bare, dots = (found[:-3], "...") if found.endswith("...") else (found, "")
        return METAVARS_SV.get(bare, bare) + dots

    make_metavar.__finsam_i18n__ = True  # type: ignore[attr-defined]
    return make_metavar


def _install() -> None:
    names = [*_CLICK_MODULES, *(["_winconsole"] if sys.platform == "win32" else [])]
    for name in names:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    for cls in (click.Parameter, click.Argument):
        if not getattr(cls.make_metavar, "__finsam_i18n__", False):
            cls.make_metavar = _make_metavar(cls.make_metavar)  # type: ignore[method-assign]


def wants_english(args: Sequence[str]) -> bool:
    """True when ``--english`` is among the command line's options (before a ``--``)."""
    options = list(args)
    return "--english" in (options[: options.index("--")] if "--" in options else options)


def use_language(english: bool) -> None:
    """Speak English (``--english``) or Swedish in click's texts from now on."""
    global _language
    _language = "en" if english else "sv"
    _install()


def say(swedish: str, english: str) -> str:
    """A command's own line in this run's language."""
    return english if _language == "en" else swedish


def in_language(swedish: str) -> str:
    """One of finsam-xl's own help texts in this run's language (English from help_en)."""
    from finsam_xl.cli.help_en import english_help

    return (english_help(swedish) or swedish) if _language == "en" else swedish


def _swap(obj: object, attr: str, english: Callable[[str], str | None]) -> None:
    """Set ``obj.attr`` to its English or back to its Swedish, which is remembered on ``obj``."""
    store: dict[str, str | None] = obj.__dict__.setdefault("_finsam_sv", {})
    swedish = store.setdefault(attr, getattr(obj, attr))
    if swedish is not None:
        found = english(swedish) if _language == "en" else None
        setattr(obj, attr, found if found is not None else swedish)


def frame_command(command: click.Command) -> None:
    """Set the usage-line placeholders and finsam-xl's own help texts of ``command`` (and its
    subcommands) in this language."""
    from finsam_xl.cli.help_en import METAVAR_EN, english_help

    command.options_metavar = OPTIONS_METAVAR[_language]
    _swap(command, "help", english_help)
    for param in command.params:
        if isinstance(param, click.Option):
            _swap(param, "help", english_help)
            _swap(param, "metavar", METAVAR_EN.get)
    cached = getattr(command, "_help_option", None)  # click makes --help once per command
    if isinstance(cached, click.Option):
        cached.help = gettext("Show this message and exit.")
    for param in command.params:  # --version's help is fixed when the decorator runs
        if param.name == "version" and isinstance(param, click.Option):
            param.help = gettext("Show the version and exit.")
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR[_language]
        for sub in command.commands.values():
            frame_command(sub)
