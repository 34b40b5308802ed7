"""Spot messages that describe an emergency, before anything else looks at them.

UK police wording (shared/DOMAIN.md): call 999 when life is at risk, violence is used or threatened,
someone is seriously hurt, a serious crime is happening now or an offender is still nearby, or a road
collision has hurt someone or blocked the road. People text that in a hurry, in shorthand, misspelt and
without punctuation, so the detector works in four steps:

1. **Normalise**: strip accents, emoji and punctuation, lower-case, and squeeze runs of one letter to two
   ("helppp" -> "helpp").
2. **Expand**: map texting shorthand, dropped apostrophes and common misspellings to canonical words
   ("hes got a knif" -> "he is got a knife", "cant" -> "cannot", "sum1" -> "someone").
3. **Discount**: cut out negated spans ("no one was hurt", "not on fire") and, when the message only talks
   about the past ("last week", "3 months ago") or asks how to report something ("how do I report ..."),
   with no sign of the present ("now", "he is here", "still", "has been missing"), keep only the rules
   whose wording cannot describe the past ("he is going to kill me").
4. **Match**: run the category rules in order; the first that matches names the category and rule. A rule
   whose cue stems appear in no word of the message is skipped without running its expressions.

Rules are data (`_RULES`): (category, rule name, cue stems, alternative regular expressions over the
canonical text), compiled once when the detector is built. The rule name is safe to log; the message text
never leaves this module. When unsure a rule errs towards firing: a false alarm costs the person a 999
reminder, a miss can cost a life.

The detector runs on every inbound message before anything else, so it must stay fast on long ones too:
every repeat in an expression is bounded (`{0,4}`, `.{0,80}?`), so none can backtrack without limit, and
the cue stems spare a long message the rules that cannot match it. A typical message takes 0.1 to 0.2 ms and
a 4,096-character one 15 to 20 ms; a jumble of everyday words that wakes every rule takes about 30 ms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["EmergencyDetector", "EmergencySignal"]


@dataclass(frozen=True, slots=True)
class EmergencySignal:
    """Why a message looks like an emergency; carries no message text, so it is safe to log."""

    category: str
    rule: str


# --- Step 2: canonical words -------------------------------------------------------------------------

# One token in, one or more canonical words out. Apostrophes are already gone ("he's" -> "hes").
_WORDS: dict[str, str] = {
    # dropped apostrophes
    "im": "i am", "ive": "i have", "id": "i would", "hes": "he is", "hez": "he is", "shes": "she is",
    "shez": "she is", "its": "it is", "theres": "there is", "thers": "there is", "thats": "that is",
    "whats": "what is", "wheres": "where is", "whos": "who is", "theyre": "they are", "theyve": "they have",
    "theyll": "they will", "theyd": "they would", "youre": "you are", "ure": "you are", "youll": "you will",
    "hell": "he will", "shell": "she will", "hed": "he would", "weve": "we have",
    "someones": "someone is", "somebodys": "somebody is", "noones": "no one is", "nobodys": "nobody is",
    "wont": "will not", "wnt": "will not", "cant": "cannot", "cnt": "cannot", "carnt": "cannot",
    "cannt": "cannot", "dont": "do not", "dnt": "do not", "doesnt": "does not", "dosnt": "does not",
    "dosent": "does not", "didnt": "did not", "didn": "did not", "isnt": "is not", "isn": "is not",
    "aint": "is not", "arent": "are not", "wasnt": "was not", "wasn": "was not", "werent": "were not",
    "havent": "have not", "havnt": "have not", "hasnt": "has not", "couldnt": "could not",
    "cudnt": "could not", "wouldnt": "would not", "wudnt": "would not", "shouldnt": "should not",
    "dunno": "do not know",
    # texting shorthand
    "u": "you", "ya": "you", "ur": "your", "urself": "yourself", "r": "are", "n": "and", "m": "am",
    "s": "is", "b4": "before", "sum1": "someone", "some1": "someone", "sumone": "someone",
    "somone": "someone", "someon": "someone", "sum1s": "someone is", "some1s": "someone is",
    "sumbody": "somebody", "somebdy": "somebody", "any1": "anyone", "every1": "everyone",
    "evry1": "everyone", "no1": "no one", "noone": "no one", "sumthing": "something",
    "sumthin": "something", "somethin": "something", "summat": "something",
    "pls": "please", "plz": "please", "plzz": "please", "plss": "please", "plse": "please",
    "plez": "please", "pleez": "please", "pleeze": "please", "pleese": "please", "pleas": "please",
    "pleasee": "please", "helpp": "help", "hlp": "help", "noww": "now", "soo": "so", "noo": "no",
    "rn": "right now", "bf": "boyfriend", "bfriend": "boyfriend", "gf": "girlfriend",
    "hubby": "husband", "husbnd": "husband", "mom": "mum", "mam": "mum", "mummy": "mum", "mommy": "mum",
    "daddy": "dad", "bro": "brother", "sis": "sister", "nana": "nan", "nanny": "nan", "kidz": "kids",
    "lil": "little", "babby": "baby", "bby": "baby", "neighbor": "neighbour", "neighbors": "neighbours",
    "gonna": "going to", "gunna": "going to", "gona": "going to", "gna": "going to",
    "finna": "going to", "wanna": "want to", "wana": "want to", "gotta": "got to", "tryna": "trying to",
    "trynna": "trying to", "outta": "out of", "lemme": "let me", "wiv": "with", "wid": "with",
    "w": "with", "hse": "house", "hous": "house", "ppl": "people", "ppls": "people", "dis": "this",
    "dat": "that", "dem": "them", "dey": "they", "tha": "the", "thru": "through", "outsid": "outside",
    "outsde": "outside", "outsyd": "outside", "insid": "inside", "hme": "home", "tonite": "tonight",
    "2nite": "tonight", "2night": "tonight", "2day": "today", "yday": "yesterday",
    "yesturday": "yesterday", "yesterdy": "yesterday", "lst": "last", "nite": "night", "wk": "week",
    "wks": "weeks", "mnth": "month", "mths": "months", "yrs": "years", "hrs": "hours", "wen": "when",
    "wot": "what", "wat": "what", "hav": "have", "av": "have", "gt": "got", "bn": "been", "sed": "said",
    "sez": "says", "txt": "text", "txted": "texted", "msg": "message", "msgd": "messaged",
    "fone": "phone", "polic": "police", "polise": "police", "ambulence": "ambulance",
    "ambulanse": "ambulance", "ambulanc": "ambulance", "amblance": "ambulance",
    "emergancy": "emergency", "emergncy": "emergency", "emergeny": "emergency",
    "emegency": "emergency", "emergencey": "emergency",
    # violence and crime
    "hiting": "hitting", "punchd": "punched", "kickd": "kicked", "attakd": "attacked",
    "atacked": "attacked", "attaked": "attacked", "attackd": "attacked", "attcked": "attacked",
    "attaking": "attacking", "atacking": "attacking", "attacing": "attacking", "attakin": "attacking",
    "atackin": "attacking", "assulted": "assaulted", "assalted": "assaulted", "asaulted": "assaulted",
    "assalting": "assaulting", "assulting": "assaulting", "fite": "fight", "violant": "violent",
    "vilent": "violent", "voilent": "violent", "agressive": "aggressive", "aggresive": "aggressive",
    "agresive": "aggressive", "kil": "kill", "kll": "kill", "killd": "killed", "murda": "murder",
    "murdur": "murder", "hert": "hurt", "hurted": "hurt", "kidnaped": "kidnapped",
    "kidnapt": "kidnapped", "kidnappd": "kidnapped", "kidnaping": "kidnapping", "kidnapp": "kidnap",
    "abductd": "abducted", "robed": "robbed", "robbd": "robbed", "robd": "robbed", "mugd": "mugged",
    "burglered": "burgled", "burgaled": "burgled", "burglerd": "burgled", "burgalar": "burglar",
    "burgler": "burglar", "buglar": "burglar", "burgular": "burglar", "burgalars": "burglars",
    "burglers": "burglars", "buglars": "burglars", "burgulars": "burglars", "intuder": "intruder",
    "braking": "breaking", "breakng": "breaking", "breking": "breaking", "steeling": "stealing",
    "stollen": "stolen", "folowing": "following", "follwing": "following", "folloing": "following",
    "follwoing": "following", "folowed": "followed", "followd": "followed", "follwed": "followed",
    "threatning": "threatening", "threating": "threatening", "thretening": "threatening",
    "thretning": "threatening", "threatnin": "threatening", "threatend": "threatened",
    "threatned": "threatened", "thretened": "threatened", "thretend": "threatened",
    "threated": "threatened", "thret": "threat", "drnk": "drunk", "drinkdriving": "drink driving",
    "drinkdriver": "drink driver", "drunkdriver": "drunk driver",
    # weapons
    "knif": "knife", "nife": "knife", "knive": "knife", "kinfe": "knife", "knfe": "knife",
    "kife": "knife", "nyfe": "knife", "knfie": "knife", "knifes": "knives", "nifes": "knives",
    "nives": "knives", "machette": "machete", "mashete": "machete", "machet": "machete",
    "macheti": "machete", "machetti": "machete", "gunn": "gun", "gunz": "guns", "pistle": "pistol",
    "pistel": "pistol", "rifel": "rifle", "wepon": "weapon", "weapen": "weapon", "weopon": "weapon",
    "weppon": "weapon", "weapn": "weapon", "stabed": "stabbed", "stabbd": "stabbed",
    "stbbed": "stabbed", "stabing": "stabbing", "shott": "shot", "shoting": "shooting",
    "armd": "armed",
    # injury and health
    "breating": "breathing", "breething": "breathing", "brething": "breathing",
    "breathign": "breathing", "breahting": "breathing", "breathng": "breathing", "breath": "breathe",
    "breth": "breathe", "breate": "breathe", "unconcious": "unconscious", "unconsious": "unconscious",
    "unconscous": "unconscious", "unconshus": "unconscious", "unconcsious": "unconscious",
    "uncontious": "unconscious", "unconsiouse": "unconscious", "unresponsve": "unresponsive",
    "bleading": "bleeding", "bleding": "bleeding", "bledding": "bleeding", "bleedng": "bleeding",
    "blud": "blood", "colapsed": "collapsed", "collasped": "collapsed", "collapesed": "collapsed",
    "colapsd": "collapsed", "collapsd": "collapsed", "collaped": "collapsed", "colasped": "collapsed",
    "overdozed": "overdosed", "ovedosed": "overdosed", "overdoesed": "overdosed", "od": "overdosed",
    "oded": "overdosed", "oding": "overdosing", "injurd": "injured", "injered": "injured",
    "injuerd": "injured", "injuried": "injured", "wke": "wake", "siezure": "seizure",
    "seazure": "seizure", "seizur": "seizure", "choaking": "choking", "chocking": "choking",
    "drowing": "drowning", "ded": "dead", "pils": "pills", "pillz": "pills", "tabs": "tablets",
    "paracetemol": "paracetamol", "paracetomol": "paracetamol", "parecetamol": "paracetamol",
    "suicidle": "suicidal", "suicidel": "suicidal", "sucidal": "suicidal", "suicdal": "suicidal",
    "suisidal": "suicidal", "sucide": "suicide", "suicde": "suicide", "suiside": "suicide",
    # fire and roads
    "fyre": "fire", "smok": "smoke", "smoak": "smoke", "flams": "flames", "crashd": "crashed",
    "crsh": "crash", "acident": "accident", "accidant": "accident", "accedent": "accident",
    "colision": "collision", "motoway": "motorway", "mway": "motorway",
    # missing people and fear
    "misisng": "missing", "mising": "missing", "missig": "missing", "missng": "missing",
    "dissapeared": "disappeared", "disapeared": "disappeared", "dissappeared": "disappeared",
    "disappered": "disappeared", "daugter": "daughter", "daugther": "daughter", "dauhter": "daughter",
    "doughter": "daughter", "daughta": "daughter", "chlid": "child", "chld": "child",
    "toddla": "toddler", "scard": "scared", "scaired": "scared", "scaried": "scared",
    "skared": "scared", "scarred": "scared", "scaerd": "scared", "scred": "scared",
    "frightend": "frightened", "frighted": "frightened", "fritened": "frightened",
    "frightned": "frightened", "terified": "terrified", "terrifed": "terrified",
    "terrifyed": "terrified", "afriad": "afraid", "afaid": "afraid", "afrad": "afraid",
    "evrywhere": "everywhere", "everywere": "everywhere", "evrywere": "everywhere",
    # more shorthand, slang and misspellings seen in unseen-wording rounds
    "jus": "just", "jst": "just", "m8": "mate", "m8s": "mates", "smn": "someone", "sm1": "someone",
    "smth": "something", "sth": "something", "kno": "know", "knw": "know", "nw": "now", "nao": "now",
    "rite": "right", "coz": "because", "cos": "because", "cuz": "because", "bcoz": "because",
    "bc": "because", "tht": "that", "ov": "of", "fink": "think", "bak": "back", "bck": "back",
    "dwnstairs": "downstairs", "downstair": "downstairs", "upstair": "upstairs", "nxt": "next",
    "nextdoor": "next door", "nieghbour": "neighbour", "neigbour": "neighbour", "naybor": "neighbour",
    "gurl": "girl", "grl": "girl", "kiddo": "kid", "halp": "help",
    "ambo": "ambulance", "hurri": "hurry", "quik": "quick", "qick": "quick", "quikly": "quickly",
    "shank": "knife", "shanks": "knives", "shanked": "stabbed", "shanking": "stabbing",
    "knifepoint": "knife point", "gunpoint": "gun point", "stabd": "stabbed", "jumpd": "jumped",
    "kidnapd": "kidnapped", "overdosd": "overdosed", "siezing": "seizing", "faintd": "fainted",
    "hart": "heart", "stepdad": "step dad", "stepmum": "step mum", "stepdads": "step dads",
    "balaclavas": "balaclava",
    "shakey": "shaky", "shakie": "shaky", "dizzey": "dizzy", "dizy": "dizzy", "jibberish": "gibberish",
    "giberish": "gibberish", "jiberish": "gibberish", "giftcards": "gift cards", "giftcard": "gift card",
    "paddleboard": "paddle board", "paddleboarder": "paddle boarder", "pileup": "pile up",
    "detectve": "detective", "polce": "police", "bluish": "blue", "purply": "purple",
}  # fmt: skip

# "-in" for "-ing" ("hittin", "breathin", "comin") is restored for these words only, so that real words
# ending in "in" are left alone.
_ING_WORDS = frozenset({
    "attacking", "banging", "bashing", "battering", "beating", "being", "bleeding", "breaking", "breathing",
    "burgling", "burning", "chasing", "choking", "climbing", "coming", "crashing", "driving", "drowning",
    "dying", "fighting", "fitting", "following", "getting", "going", "grabbing", "happening", "hiding",
    "hitting", "holding", "hurting", "kicking", "kidnapping", "killing", "leaving", "letting", "missing",
    "moving", "mugging", "nicking", "pointing", "punching", "raping", "responding", "robbing", "running",
    "screaming", "shooting", "shouting", "smashing", "stabbing", "stalking", "stealing", "strangling",
    "taking", "texting", "threatening", "trying", "waking", "waiting", "watching", "waving",
    "begging", "carrying", "crying", "dragging", "floating", "forcing", "jumping", "loitering", "lurking",
    "lying", "making", "messaging", "pulling", "pushing", "rushing", "saying", "sending", "shaking",
    "sinking", "sitting", "slapping", "smoking", "spitting", "standing", "staring", "struggling",
    "swerving", "swinging", "telling", "throwing", "withdrawing",
    "creeping", "cutting", "drifting", "gasping", "gurgling", "levering", "prising", "wandering",
})  # fmt: skip

# Ages written as "5yo" / "5 yr old" become "5 year old" before punctuation goes.
_AGE = r"(\d+)\s*(?:yo|y/o|yrs?\s*old|years?\s*old|year-old)\b"
_APOSTROPHES = r"['’‘`´]"
_NON_WORD = r"[^a-z0-9]+"
_LONG_RUN = r"([a-z])\1{2,}"
# "going 2 kill me": a lone 2 means "to", unless it counts something ("2 men", "2 weeks ago").
_TWO_AS_TO = (
    r"\b2\b(?! (?:\d|days?|weeks?|months?|years?|hours?|mins?|minutes?|seconds?|secs?|people|men|women|guys|"
    r"lads|kids|children|of|or|and|cars?|year|am|pm|oclock)\b)"
)
# Two-word spellings of one word: "some one" -> "someone".
_SPLIT_WORD = r"\b(some|any|every) (one|body)\b"

# --- Step 3: spans that do not count ------------------------------------------------------------------

# Removed before matching, so "someone crashed into me, no one was hurt" keeps no injury word.
_NEGATIONS: tuple[str, ...] = (
    r"\b(?:no ?one|nobody|no body|none of (?:us|them)|neither of (?:us|them)|not one of us) (?:(?:is|was|"
    r"were|got|has|have|had|been|seems|seemed|appears|looks|badly|seriously|really|too|actually|thankfully|"
    r"luckily) ){0,4}(?:hurt|injured|harmed|injuries|hit|killed|dead|bleeding|trapped)\b",
    r"\b(?:not|never|without|no longer) (?:(?:get|got|been|being|getting|badly|seriously|really|too|"
    r"physically|actually) ){0,4}(?:hurt|injured|harmed|injuries|injury|trapped)\b",
    r"\bno (?:serious |major |obvious |real |visible |apparent |known )?(?:injuries|injury|injured|"
    r"casualties|casualty|one hurt|one injured|harm|blood)\b",
    r"\b(?:un ?hurt|uninjured|unharmed|unscathed|un ?armed)\b",
    r"\b(?:no|not|without|never had|did not have|does not have|do not have|was not carrying|is not carrying|"
    r"not carrying) (?:(?:a|an|any) )?(?:weapons?|knife|knives|guns?|firearms?)\b",
    r"\b(?:is |was |were |are )?not armed\b",
    r"\b(?:no|not|not on) (?:fire|smoke|flames)\b",
    r"\b(?:not|no longer|never) (?:(?:in|feel|feeling|been|being|really|at all) ){0,4}(?:danger|missing|"
    r"scared|afraid|frightened|threatened|threatening)\b",
    r"\b(?:tyres?|tires?|wheels?) (?:\w+ ){0,3}?(?:slashed|stabbed|knifed|punctured)\b",
    r"\b(?:was|were|went|been|had gone|gone) missing (?:\w+ ){0,3}?(?:but|and) (?:\w+ )?(?:(?:has|have|was|"
    r"were|is|are|got|been|came|come|now|safely) ){0,4}(?:found|home|back|turned up|safe)\b",
    r"\b(?:got|get|was|were|went|been|had gone|gone) lost (?:\w+ ){0,6}?(?:but|and) (?:(?:we|i|they|he|she|"
    r"has|have|was|were|is|are|got|been|came|come|now|safely) ){0,4}(?:found|home|back|turned up|safe)\b",
)

# A message that names a past time and nothing present is most likely a report of something over...
_PAST: tuple[str, ...] = (
    r"yesterday|overnight|(?:over|at) the weekend|previously|historic|historical|in the past|as a child",
    r"last (?:night|week|weekend|month|year|summer|winter|spring|autumn|christmas|term|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)",
    r"the other (?:day|night|week)",
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several|couple of|couple) (?:hours?|"
    r"days?|weeks?|months?|years?) ago",
    r"(?:ages|long time|while|years|months|weeks) ago|(?:a )?while back|(?:weeks|months|years) back",
    r"earlier (?:this|in the|last) (?:week|month|year)",
    r"(?:in|back in|since|during) (?:19|20)\d\d",
    r"(?:in|back in|since) (?:january|february|march|april|june|july|august|september|october|november|"
    r"december)",
    r"when i was (?:a kid|a child|young|younger|little|a teenager|at school|\d+)",
    r"(?:during|in) the night|this morning|earlier (?:today|on)|while (?:i|we) (?:was|were) (?:out|away|"
    r"asleep|at work|on holiday)|(?:has|have) (?:\w+ ){1,4}?before",
    # something that has gone on for weeks is a matter to report, not a 999 call ("parked there for a month")
    r"for (?:the (?:last|past) )?(?:\d+|a|one|two|three|four|five|six|few|several|couple of|a couple of|"
    r"many) (?:weeks?|months?|years?)|for (?:weeks|months|years)",
)
# ...unless something says it is still going on; then the past words are background.
_PRESENT: tuple[str, ...] = (
    r"right now|just now|currently|at the moment|atm|as we speak|in progress|tonight|coming back",
    # "now", but not "what happens now" or "now I want an update"
    r"(?<!happens )(?<!do )(?<!what )(?<!until )(?<!till )(?<!from )now\b(?! (?:i|we) (?:want|need|would|"
    r"have|am)\b| want\b| need\b| waiting\b)",
    r"happening (?:now|again|right now)|(?:it|this) is happening",
    r"(?:is|are) not (?:answering|picking up)",
    r"(?:is|are|am) (?:still )?(?:here|there|outside|inside|downstairs|upstairs|nearby|around|back|at (?:my|"
    r"the|our) (?:door|window|house|flat))",
    r"still (?:here|there|outside|inside|around|nearby|in (?:the|my|our)|at (?:the|my|our)|round|going|"
    r"happening|hitting|following|chasing|threatening|bleeding|missing|not (?:breathing|moving|responding|"
    r"home|back))",
    r"on (?:his|her|their|the) way",
    r"(?:\d+|few|couple of|a couple of|two|five|ten|a) (?:mins?|minutes?|seconds?|secs?) ago",
    # a person who has not come back is missing now, even if they left yesterday
    r"(?:has|have) been missing|(?:is|are) (?:still )?missing|(?:has|have|did) not (?:come|been|got|"
    r"returned) (?:home|back|seen)|(?:has|have) not (?:yet )?(?:arrived|turned up|shown up|got there)|never "
    r"(?:came|come|got|made it) (?:back )?home|since (?:yesterday|last night|this morning|lunchtime)|(?:went|"
    r"gone|go) missing (?:yesterday|last night|overnight|this morning)",
)

# Asking how to report or whether something is allowed: people in danger do not ask how to report it. Such a
# message is treated like one about the past, so only wording that cannot describe the past still counts.
_ENQUIRY = (
    r"^(?:hi |hello |hiya |hey )?(?:how do i|how can i|how would i|how should i|how to|where do i|where can "
    r"i|who do i|who should i|can i|could i|do i|should i|is it (?:legal|illegal|ok|okay|allowed|against the "
    r"law)) (?:\w+ ){0,3}?(?:report|complain|make a complaint|get advice|contact|tell|find out|legal|illegal|"
    r"allowed)\b"
)

# Rules whose wording cannot be about the past ("is going to kill me"), so a past time marker
# elsewhere in the message ("he threatened me last week and says he will kill me") does not silence them.
_TENSE_PROOF = frozenset(
    {"danger.kill_intent", "danger.suicide_intent", "threat.harm_intent", "fear.abuser_coming"}
)

# --- Step 4: category rules ---------------------------------------------------------------------------


def _one_of(words: str) -> str:
    """The space-separated `words` as one alternation, grouped by first letter.

    It matches exactly what "(?:man|men|...)" would, but the engine tries one branch per letter instead of
    every word at every word start, which matters for the long lists many rules open with.
    """
    groups: dict[str, list[str]] = {}
    for word in words.split():
        groups.setdefault(word[0], []).append(word[1:])
    branches = (
        first + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for first, rests in groups.items()
    )
    return "(?:" + "|".join(branches) + ")"


_PERSON_NOUN = _one_of(
    "man woman men women guy guys lad lads bloke blokes fella girl girls boy boys kid kids child "
    "children baby babies toddler infant person people teenager teenagers teen teens youths? pensioner "
    "pensioners lady ladies neighbour neighbours mum dad mother father son sons daughter daughters "
    "husband wife partner boyfriend girlfriend brother brothers sister sisters friend friends mate "
    "mates nan gran granny grandad grandma grandmother grandfather grandson granddaughter uncle aunt "
    "auntie cousin flatmate housemate ex carer colleague stranger strangers family driver rider cyclist "
    "pedestrian passenger motorcyclist biker victim resident customer student students pupil officer "
    "guard bouncer shopkeeper missus couple pair gentleman gentlemen worker workers tenant landlord "
    "landlady"
)
_DET = r"(?:my|our|his|her|their|a|an|the|this|that|some|two|three|\d+)"
# A person opening a pattern ("he", "someone", "man" in "my little man is hurt"). Whatever comes before the
# noun ("my little", "a", or nothing from someone who drops articles) cannot change whether the pattern is
# found, so it is not spelled out; that also keeps the search fast.
_SUBJECT = rf"(?:he|she|they|someone|somebody|anyone|everyone|{_PERSON_NOUN})"
# A person on the receiving end ("me", "my little boy"); "my phone" is not one.
_VICTIM = (
    r"(?:me|us|her|him|them|you|myself|himself|herself|themselves|each other|everyone|everybody|someone|"
    rf"somebody|anyone|anybody|{_DET} (?:\w+ )?{_PERSON_NOUN})"
)
# Who tends to turn up, watch or wait outside in a domestic abuse or stalking case (opening a pattern, so
# "my ex", "the man" are found as "ex", "man").
_ABUSER = (
    r"(?:he|she|they|ex|someone|somebody|abuser|attacker|stalker|partner|husband|wife|boyfriend|girlfriend|"
    r"man|men|woman|guy|guys|lad|lads|bloke|stranger|strangers|person|people|gang|youths)"
)
_ABUSER_CUES = (
    "he she they ex someone somebody abuser attacker stalker partner husband wife boyfriend girlfriend "
    "man men woman guy lad bloke stranger person people gang youth"
)
_CHILD = (
    r"(?:son|daughter|child|kid|kids|children|boy|girl|little one|baby|toddler|grandson|granddaughter|"
    r"grandchild|grandkids|nephew|niece|stepson|stepdaughter|teenager|lad|youngest|eldest|twins|pupil|"
    r"schoolgirl|schoolboy|\d+ year old)"
)
_CHILD_CUES = (
    "son daughter child kid boy girl little baby toddler grand nephew niece step teen lad youngest eldest "
    "twins pupil school year"
)
# Up to two words may describe the child: "my little boy", "our autistic son", "my 5 year old daughter".
_CHILD_REF = (
    r"(?:(?:my|our|a|the|her|his|their|this|that|some) )?"
    rf"(?:\d+ year old |(?:\w+ ){{0,2}}?){_CHILD}"
)
_NOT_A_WEAPON_GUN = r"(?<!nerf )(?<!glue )(?<!water )(?<!staple )(?<!heat )(?<!spray )(?<!nail )(?<!paint )"
_WEAPON = (
    rf"(?:knife|knives|blade|blades|{_NOT_A_WEAPON_GUN}guns?|firearms?|pistols?|handgun|shotguns?|rifles?|"
    r"machetes?|zombie knife|swords?|crossbows?|axes?|hatchets?|cleavers?|knuckle dusters?|baseball bats?|"
    r"cricket bats?|metal bars?|iron bars?|crowbars?|hammers?|screwdrivers?|broken bottles?|smashed bottles?|"
    r"glass bottles?|weapons?|tasers?|stun guns?|acid)"
)
_WEAPON_CUES = (
    "knife knive blade gun firearm pistol handgun shotgun rifle machete zombie sword crossbow axe hatchet "
    "cleaver knuckle baseball cricket metal iron crowbar hammer screwdriver broken smashed glass weapon "
    "taser stun acid"
)
_HARM = (
    r"(?:stab|shoot|hurt|harm|beat up|beat|batter|attack|burn|torch|set fire to|smash up|smash|kill|murder|"
    r"rape|kidnap|glass|slash|cut|punch|hit|kick|strangle|choke|petrol bomb|firebomb|bomb|blow up|throw acid|"
    r"acid|run over|bash|break)"
)
_HARM_CUES = (
    "stab shoot hurt harm beat batter attack burn torch set smash kill murder rape kidnap glass slash cut "
    "punch hit kick strangle choke petrol firebomb bomb blow throw acid run bash break"
)
_HARM_TARGET = (
    rf"(?:{_VICTIM}|(?:my|our|the|his|her|your|their) (?:\w+ )?(?:house|home|flat|car|van|place|face|head|"
    r"legs?|arms?|throat|neck)|it)"
)
_CRASH = (
    r"(?:crash|crashed|crashes|collision|collided|accident|rta|rtc|pile up|pileup|car smash|hit and run|"
    r"smash|(?:car|van|bike|motorbike|lorry|bus|cyclist|pedestrian|moped|taxi) (?:v|vs|versus) \w+|bump|"
    r"bumped|knocked (?:over|down|off)|run over|ran over|rolled|overturned|flipped|hit (?:a|the|another) "
    r"(?:car|van|lorry|bus|wall|tree|lamp post|barrier|pedestrian|cyclist))"
)
_CRASH_CUES = (
    "crash collision collided accident rta rtc pile car bump knocked run ran rolled overturned flipped hit "
    "smash van bike motorbike lorry bus cyclist pedestrian moped taxi"
)
# "its" reads "it is" once expanded, hence "on it is side".
_CRASH_HARM = (
    r"(?:hurt|injured|injury|injuries|bleeding|blood|unconscious|trapped|stuck inside|cannot get out|not "
    r"moving|not breathing|ambulance|casualty|casualties|dead|killed|died|body|on fire|smoke|flipped|"
    r"overturned|upside down|on (?:it is|its|their) (?:roof|side)|blocking|blocked|blocks|across (?:the|"
    r"both) (?:road|lanes|carriageway)|in the middle of the (?:road|motorway|carriageway)|debris|fuel|petrol|"
    r"leaking|pedestrian|cyclist|motorcyclist|biker|screaming|unresponsive|collapsed|on the (?:floor|ground)|"
    r"lying in the road|out of (?:their|the) (?:cars|vehicles)|people (?:\w+ ){0,3}?(?:in|on) the (?:road|"
    r"motorway|carriageway|lanes))"
)
_VEHICLE_CUES = "car van lorry truck bus coach vehicle driver motorbike motorcycle moped taxi tanker tractor"
_BANK = r"(?:bank|cashpoint|cash machine|atm|building society|post office)"
_WATER = (
    r"(?:river|canal|lake|sea|water|pond|reservoir|pool|quarry|weir|harbour|estuary|tide|current|waves|"
    r"floodwater|flood water|flood|ice|rip)"
)
_WATER_CUES = (
    "river canal lake sea water pond reservoir pool quarry weir harbour estuary tide current wave flood "
    "ice rip"
)
# Words that say a crime or attack is still going on, not merely that it happened.
_STILL_GOING_ON = (
    r"(?:right now|as we speak|at the moment|just now|in progress|happening now|(?:\d+|few|couple of|two|"
    r"five|ten|a) (?:mins?|minutes?|seconds?|secs?) ago|still (?:here|outside|inside|around|nearby|about|in "
    r"sight|hanging about|at it|doing it))"
)
_STILL_CUES = "right speak moment just progress happening min second sec still"
_CRIME_WORD = (
    r"(?:stealing|stole|stolen|steal|robbing|robbed|rob|mugging|mugged|burgling|burgled|nicking|nicked|"
    r"snatched|breaking in|breaking into|broke in|broke into|broken into|smashing|smashed|vandalising|"
    r"damaging|attacking|attacked|assaulting|assaulted|threatening|threatened|shoplifting|looting)"
)
_CRIME_CUES = (
    "steal stole rob mug burgl nick snatch break broke smash vandal damag attack assault threat shoplift loot"
)

# Fear of a dark or lonely place ("scared of walking past the underpass at night") asks for lights or
# patrols, not for help now; someone frightened of a person still counts.
_NOT_A_PLACE_FEAR = (
    r"(?! (?:of|to|about) (?:\w+ ){0,2}?(?:walking|walk|going|go|passing|pass|using|use|cycling|cycle|"
    r"driving|drive|being out|going out) (?:\w+ ){0,5}?(?:at night|after dark|in the dark|when it is dark|"
    r"because it is dark|late at night|in winter)\b)(?! (?:of|about) (?:the |that |this )?(?:dark|unlit|"
    r"underpass|alley|alleyway|subway|park|woods|lane|footpath|path|shortcut|cut through)\b)"
)

# Someone a court or the police has barred from coming near, and that person close by now.
_BARRED = (
    r"(?:(?:not allowed|banned|barred|not supposed|not meant|forbidden) (?:to (?:come|go|be) )?(?:near|"
    r"anywhere near|within|to contact|from contacting|from coming)|should not be (?:near|anywhere near|here|"
    r"there)|(?:restraining|court|non molestation) order)"
)
_NEAR_NOW = (
    r"(?:(?:is|are) (?:(?:now|still|right|just|sitting|sat|waiting|standing|stood|parked|hanging about|"
    r"hanging around|watching) ){0,3}(?:in (?:a|his|her|their|the) (?:\w+ )?(?:car|van) )?(?:outside|here|at "
    r"(?:my|the|our)|opposite|across (?:the road|from)|over the road|near (?:my|our|the))|"
    r"(?<!keeps )(?<!always )(?:turned|showed) up (?:at|outside)|just arrived)"
)

# Moving money, and an official or caller said to have ordered it ("the police told her to"): together they
# are a scam in progress, in either order.
_SCAM_MOVE = (
    r"(?:(?:withdraw|withdrawing)(?! (?:my|the|her|his|their|a|an|your) (?:statement|complaint|claim|"
    r"application|case|allegation|report|consent|support)\b)|(?:take|taking|draw|drawing) out (?:\w+ "
    r"){0,3}?(?:money|cash|savings|\d+|thousands?|grand|pounds)|take (?:\w+ )?(?:money|cash) out|get (?:\w+ "
    r")?cash out|transfer (?:\w+ ){0,3}?(?:money|savings|cash|funds|pension|\d+|everything)|"
    r"transferring|move (?:\w+ )?(?:money|savings)|moving (?:\w+ )?(?:money|savings)|buy (?:\w+ )?(?:gift|"
    r"vouchers?|gold|bitcoin|crypto)|buying (?:\w+ )?(?:gift|vouchers?|gold|bitcoin|crypto)|hand over (?:\w+ "
    r")?(?:money|cash|cards?|savings)|give (?:\w+ )?(?:cash|money|cards?) to)"
)
# Buying what scammers ask for, and a sign it is happening while they are on the line.
_SCAM_BUY = (
    r"(?:buy|buying|purchase|purchasing|send|sending|read out|reading out|scratch|scratching) (?:\w+ "
    r"){0,3}?(?:gift cards?|gift vouchers?|(?:itunes|google play|amazon|steam|apple) (?:cards?|vouchers?)|"
    r"vouchers|bitcoin|crypto|cryptocurrency)"
)
_ON_THE_LINE = (
    r"(?:right now|as we speak|at the moment|on the phone (?:now|to|with)|(?:is|are) (?:still )?on the "
    r"phone|at the (?:shop|till|counter|checkout))"
)
_SCAM_ORDER = (
    r"(?:police|policeman|police officer|officer|detective|bank|fraud team|fraud department|hmrc|caller|"
    r"courier|man on the phone|woman on the phone|someone on the phone) (?:\w+ ){0,2}?(?:told|tells|telling|"
    r"asked|asking|instructed|instructing|wants|wanted|said|says|saying|ordered) (?:(?:her|him|them|me|us|my "
    r"\w+) )?to"
)

# Cues: a rule is tried only when the message has a word starting with one of its cue stems (after the
# canonical rewrite). Matching is what decides; cues only spare long messages the rules that cannot match,
# which keeps a 4,096-character message fast. So every alternative of a rule must need a word that starts
# with one of its stems; the tests run every phrase with and without cues to check that they agree.

# (category, rule name, cue stems, alternatives). Order matters: the first rule that matches names the
# signal, so specific rules come before broad ones ("threatening to stab me" is a threat, not a weapon).
_RULES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # Life at risk. The intent rules are about the future, so a past marker does not cancel them.
    ("danger_to_life", "danger.suicide_intent",
     "myself himself herself themselves yourself ourselves life die dead liv alive be wak exist end stupid "
     "silly jump throw threw hurl cannot go carry cope tak better point goodbye suicide note letter rope "
     "ligature belt cord all every whole rest overdos sorry forgive want done had finish around here "
     "look last final burden drive crash steer plough will would never is not pill tablet knife blade "
     "depress", (
        r"\b(?:going to|about to|wants to|want to|trying to|try to|threatening to|threatens to|will|planning "
        r"to|plans to) (?:kill|hang|end|hurt|harm|cut|drown|shoot|poison|stab|burn|starve|gas) (?:my|him|her|"
        r"them|your|our)sel(?:f|ves)\b",
        r"\b(?:end|take|ending|taking) (?:my|his|her|their) (?:own )?life\b|\bend (?:it all|everything)\b",
        r"\bwants? to (?:die|be dead)\b|\b(?:do|does|did) not want to (?:live|be alive|be here any ?more|"
        r"wake up|exist|go on)\b",
        # "wanted to end it", not "going to end it with her" (a break-up)
        r"\b(?:wants?|wanted|going|about|trying|planning) to end it\b(?! (?:with|between)\b)",
        r"\b(?:going to|gonna|will|might|about to|threatening to) do something (?:stupid|silly)\b",
        r"\b(?:throw|throwing|threw|hurl) (?:my|him|her|them)sel(?:f|ves) (?:off|in front of|under)\b",
        r"\b(?:(?:threatening|going|about|wants?|trying|planning) to|will) (?:drive|crash|steer|plough) "
        r"(?:\w+ ){0,2}?(?:into|off|in front of) (?:a|the) (?:\w+ )?(?:wall|tree|bridge|lorry|river|"
        r"cliff|canal|lake|sea|train|quarry)\b",
        r"\b(?:will not|would not|never|is not going to|not going to) (?:be )?(?:coming|come) (?:back|home)\b"
        r".{0,80}?\b(?:pills|tablets|rope|knife|blade|note|goodbye|suicidal|depressed|overdose)\b",
        r"\b(?:pills|tablets|rope|knife|blade|note|goodbye|suicidal|depressed|overdose)\b.{0,80}?\b(?:will "
        r"not|would not|never|is not going to|not going to) (?:be )?(?:coming|come) (?:back|home)\b",
        r"\b(?:(?:threatening|going|about|wants?|trying|planning) to|will) jump\b(?! (?:on|in|over|ship|"
        r"start|the queue|up|out at|at the chance)\b)",
        r"\b(?:cannot|can not) (?:go on|carry on)\b(?! (?:with|like|until|till|at|as|without|working)\b)",
        r"\b(?:cannot|can not) (?:cope|do this|take (?:it|this)|live like this) any ?more\b",
        r"\bbetter off (?:dead|without me)\b|\bno (?:point|reason) (?:in )?(?:living|going on|being alive|to "
        r"live)\b",
        r"\b(?:goodbye|suicide) (?:note|letter|message|text|video)\b|\b(?:saying|said|says|texted|sent|"
        r"posted|messaged|message) (?:\w+ ){0,3}?goodbye\b",
        r"\b(?:take|taking|swallow|swallowing|overdose on|down|downing|neck|necking) (?:all|every|the whole|"
        r"a whole|the rest of) (?:of )?(?:my |his |her |their |the )?(?:\w+ )?(?:pills|tablets|meds|"
        r"medication|paracetamol|packet|bottle|box)\b",
        r"\b(?:rope|ligature|belt|cord) (?:round|around) (?:his|her|their|my) neck\b|\bligature\b",
        # a goodbye that does not say the word: "sorry for everything", "look after the kids for me"
        r"\bsorry for everything\b|\bforgive me for everything\b|\bwant (?:it|everything) (?:all )?to "
        r"end\b",
        r"\b(?:i am|she is|he is|they are|i have|she has|he has|they have) (?:so )?(?:done|had enough|"
        r"finished) (?:with|of) (?:life|living|everything|it all|this world|this life|being alive)\b",
        r"\b(?:will not|would not|am not going to|is not going to|not going to) be (?:around|here|alive) "
        r"(?:any ?more|much longer|for much longer|tomorrow|by (?:the )?morning|in the morning)\b",
        r"\b(?:look after|take care of|look out for) (?:the kids|my kids|the children|my children|mum|dad|"
        r"the dog|my dog|the cat|my cat|everyone|my family|the baby|my baby) for me\b",
        r"\b(?:final|last) goodbye\b|\bthis is (?:my|her|his|their) (?:last|final) (?:message|text|words)\b",
        r"\b(?:not|never) (?:going to|will) be a (?:burden|problem) (?:to (?:anyone|you|them) )?(?:any ?more|"
        r"again)\b|\bno longer be a burden\b|\bsorry for being (?:such )?a (?:burden|failure)\b",
    )),
    ("danger_to_life", "danger.kill_intent", "kill murder strangle drown shoot stab beat", (
        r"\b(?:going to|about to|will|wants to|want to|trying to|try to|threatening to|threatens to|out to|"
        r"coming to|coming back to|on (?:his|her|their) way to) (?:\w+ )?(?:kill|murder|strangle|drown|shoot "
        rf"dead|stab to death|beat to death) {_VICTIM}\b",
        r"\b(?:going to|about to|will|threatening to|threatens to|says he will|says she will) (?:kill|"
        rf"murder) (?:\w+ ){{1,3}}?(?:and|then) {_VICTIM}\b",
    )),
    ("danger_to_life", "danger.kill", "kill murder strangle drown", (
        rf"\b(?:kill|murder|strangle|drown) {_VICTIM}\b",
        # "killing me" is left out: "my feet are killing me"
        rf"\bkilling (?:her|him|them|us|someone|somebody|each other|{_DET} (?:\w+ )?{_PERSON_NOUN})\b",
    )),
    ("danger_to_life", "danger.suicide",
     "suicid kill hang cut myself himself herself themselves ourselves jump noose slit slash wrist throat "
     "arm leg self body tie tying wrap loop tighten rope ligature belt cord cable wire scarf lead string "
     "sheet charger shoelace tights towel locked", (
        r"\b(?:suicidal|suicide)\b",
        r"\b(?:kill|killed|hang|hanged|hanging|cut|cutting) (?:my|him|her|them)sel(?:f|ves)\b",
        r"\bjump(?:ing|ed)? (?:off|from) (?:a|the) (?:\w+ )?(?:bridge|building|roof|cliff|car park|multi "
        r"storey|balcony|flyover|tower|block|window|pier)\b",
        r"\bnoose\b",
        rf"\b(?:{_SUBJECT}|body) (?:is )?hanging (?:from|in)\b",
        r"\b(?:cut|cutting|slit|slitting|slashed|slashing) (?:his|her|my|their) (?:own )?(?:wrists?|throat|"
        r"arms?|legs?)\b",
        r"\b(?:is|are|am|been|just|keeps) self harm(?:ing|ed)?\b",
        # something tied round the neck, whatever it is: "tied a cable round her neck"
        r"\b(?:tied|tying|wrapped|wrapping|looped|looping|tightened|tightening) (?:\w+ ){0,3}?(?:round|"
        r"around) (?:his|her|their|my) (?:own )?neck\b",
        r"\b(?:rope|ligature|belt|cord|cable|wire|scarf|tie|lead|string|sheet|sheets|charger|shoelaces?|"
        r"tights|towel) (?:\w+ )?(?:round|around) (?:his|her|their|my) (?:own )?neck\b",
        # cutting and blood in one message: self-harm that has gone too far
        r"\bcutting\b.{0,80}?\bblood\b|\bblood\b.{0,80}?\bcutting\b",
        # shut in alone with the means, or silent behind the door
        r"\blocked (?:(?:him|her|them)sel(?:f|ves) )?in (?:the|her|his|their|a) (?:bathroom|toilet|loo|room|"
        r"bedroom|shed|garage)\b.{0,100}?\b(?:blood|not answering|not responding|will not (?:answer|respond|"
        r"come out|open)|cannot hear (?:him|her|them|anything)|pills|tablets|knife|razor|razors|blade|blades|"
        r"rope|cutting)\b",
    )),
    # A farewell and then silence: "posted that he loves us all and now nobody can reach him".
    ("danger_to_life", "danger.farewell_unreachable",
     "post text messag sent wrote left said says rang called voicemail note letter email", (
        # their farewell, not the sender's own apology ("I left a voicemail saying sorry")
        r"\b(?:(?:he|she|they|(?:my|our|his|her) \w+) (?:(?:has|have|had|just|then|also) ){0,2}(?:posted|"
        r"texted|messaged|sent|wrote|left|said|says|rang|called)|(?:text|message|voicemail|post|note|letter|"
        r"email) from (?:him|her|them|(?:my|our) \w+))\b(?: \w+){0,8}? (?:sorry|loves? (?:us|you|them|me|"
        r"everyone|everybody|the kids)|goodbye|bye to|forgive|farewell|thank you for everything|thanks for "
        r"everything|better off)\b.{0,120}?\b(?:(?:nobody|no one|we|i) (?:can|could) (?:not )?(?:now "
        r")?(?:reach|contact|get hold of|get through to)|(?:cannot|can not|could not|unable to) (?:reach|"
        r"contact|get hold of|get through to|find)|not (?:answering|picking up|replying|responding)|phone "
        r"(?:is |has been |keeps )?(?:off|switched off|dead|going (?:straight )?to voicemail))\b",
    )),
    # Someone at a height or on a railway line: whatever the reason, life is at risk now.
    ("danger_to_life", "danger.at_height_or_railway",
     "edge ledge parapet railing wrong railway train tram track line stand stood sit sat climb hang will "
     "refus come get", (
        r"\bon (?:the )?(?:edge|ledge|parapet|railings?) of (?:a |the )?(?:\w+ )?(?:bridge|roof|building|"
        r"cliff|car park|balcony|platform|flyover|multi storey|tower|block)\b",
        r"\b(?:on|over|climbed|climbing|standing on|stood on|sat on|sitting on) the wrong side of the "
        r"(?:railings?|barrier|fence)\b",
        rf"\b(?:{_PERSON_NOUN}|someone|somebody|he|she|they) (?:(?:is|are|has|been|keeps|just) "
        r"){0,3}(?:standing |stood |sitting |sat |walking |lying |playing |wandering )?on the (?:railway|"
        r"train|tram) ?(?:line|lines|track|tracks)\b",
        r"\b(?:standing|stood|sitting|sat|climbing|climbed|hanging|balancing) (?:on|over|off|from) (?:the|a) "
        r"(?:\w+ ){0,2}?(?:bridge|ledge|parapet|railings|balcony railing|cliff edge)\b",
        r"\b(?:will not|refuses to|refusing to|cannot|can not) (?:come|get|climb) (?:back )?down\b",
    )),
    ("danger_to_life", "danger.in_danger", "danger risk fear life lives", (
        r"\bin (?:immediate |real |serious |grave )?danger\b",
        r"\b(?:life|lives) (?:is |are )?at risk\b|\b(?:danger|risk) to life\b",
        r"\bfear(?:ing)? for (?:my|his|her|their|our) (?:life|lives|safety)\b",
    )),
    ("danger_to_life", "danger.dead", "dead body dying killed murder", (
        rf"\b(?:{_SUBJECT}|body) (?:is|are|looks|seems|might be|could be|has been found|found|lying) dead\b",
        r"\bdead body\b|\bfound (?:a|the) (?:dead )?body\b",
        r"(?<!no )\bbody (?:in|on|under|floating|lying)\b",
        rf"\b{_SUBJECT} (?:is|are) dying\b(?! to)",
        r"\b(?:i am|i think i am) dying\b(?! to| of (?:laughter|boredom|embarrassment))",
        r"\b(?:been|was|were|got|has been|have been) (?:killed|murdered)\b|\bmurder(?:ed)?\b(?! mystery)",
    )),
    ("danger_to_life", "danger.cry_for_help",
     "scream shout cry cri yell call help hear heard begging pleading get stop leave shriek woman girl lady "
     "someone somebody female", (
        # what is screamed says why: "screaming rape", "shouting get off me", "crying out for the police"
        r"\b(?:screaming|shouting|crying|yelling|crying out|calling out|calling) (?:out )?(?:for help|in "
        r"pain|help|rape|murder|police|for (?:the )?police|get off|let me go|leave me alone|stop|no stop|"
        r"call the police|call 999|fire)\b|\bcries for help\b",
        # a woman or stranger screaming outside, but not a mum shouting at her kids every day
        r"\b(?:woman|girl|lady|someone|somebody|female) (?:(?:is|are|keeps|been|was|just|started) "
        r"){0,2}(?:screaming|shrieking)\b(?! (?:at (?:her|his|their|the) (?:\w+ )?(?:kids|children|dog|"
        r"husband|partner|boyfriend|telly|tv)|every|all (?:day|night|the time)|on the phone|with laughter|"
        r"laughing)\b)",
        # someone else's screams, but not the neighbours' children playing every day
        r"\b(?:hear|heard|hearing) (?:a |the |my |her |his |some )?(?:woman|girl|lady|child|someone|somebody|"
        r"person|neighbour|mum|wife|female|man|baby) (?:\w+ ){0,3}?(?:screaming|screams|begging|crying for "
        r"help|pleading)\b(?! (?:every|all (?:day|night|the time)|most)\b)",
        r"\b(?:screaming|screams|crying)\b (?:\w+ ){0,3}?(?:banging|crashing|smashing|thuds?|thumps?)\b",
        r"\bbegging (?:him|her|them) to stop\b|\b(?:get off (?:me|her|him)|stop hitting (?:me|her|him))\b",
    )),
    ("danger_to_life", "danger.drowning",
     "drown ice cut blow drift float carri swept sweep pull drag wash taken inflat lilo dinghy paddl "
     f"kayak canoe rubber boat swim surf kite jet {_WATER_CUES}", (
        r"\b(?:drowning|drowned)\b|\b(?:fell|fallen|gone|went) through the ice\b",
        r"\bcut off by the (?:tide|water|flood|floodwater|sea)\b",
        rf"\b{_WATER}\b.{{0,80}}?\b(?:car|van|vehicle|bus)\b (?:\w+ ){{0,4}}?(?:stuck|trapped|stranded|"
        r"sinking|floating|swept away)\b.{0,60}?\b(?:inside|in it|on the roof|driver|people|woman|man|"
        r"kids|children|family)\b",
        r"\b(?:fell|fallen|jumped|gone|went) (?:in|into) (?:the|a) (?:river|canal|lake|sea|water|reservoir|"
        r"pond)\b",
        rf"\b{_WATER}\b.{{0,80}}?\b(?:struggling|(?:cannot|can not|could not) (?:swim|get out)|not (?:come|"
        r"coming) (?:back )?up|(?:went|gone|going|pulled) under|swept (?:away|out|along|off)|face down|in "
        r"(?:difficulty|difficulties|trouble)|sinking)\b",
        r"\b(?:struggling|(?:cannot|can not|could not) swim|(?:went|gone|going|pulled) under|swept (?:away|"
        rf"out|along|off)|sinking)\b.{{0,80}}?\b{_WATER}\b",
        rf"\b(?:{_PERSON_NOUN}|someone|somebody|he|she|they|i|we) (?:(?:is|are|am|has|have|just|fell|fallen|"
        r"gone|went|jumped|been|got|slipped|still) ){0,3}(?:in|into|under) (?:the|a) (?:river|canal|lake|sea|"
        r"water|reservoir|pond|quarry|weir|harbour|estuary|floodwater)\b(?! (?:cadets|view|side|front|bank|"
        r"walk|path|board|sports|park)\b)",
        # carried away from the shore: "kids on an inflatable being blown out to sea"
        r"\b(?:blown|blowing|drifting|drifted|floating|floated|carried|swept|sweeping|pulled|dragged|washed|"
        r"taken) (?:\w+ ){0,2}?(?:out to sea|out into (?:the )?(?:sea|lake|estuary|bay|channel|open water)|"
        r"away from (?:the )?(?:shore|beach|bank)|offshore|out of (?:their|his|her|my) depth|out past the)\b",
        r"\b(?:inflatable|lilo|dinghy|paddle board|paddle boarder|kayak|canoe|rubber ring|boat|swimmers?|"
        r"surfer|kite surfer|jet ski)\b.{0,60}?\b(?:drifting|blown|swept|capsized|capsizing|overturned|"
        r"sinking|in trouble|in difficulty|(?:cannot|can not|could not) get back|being pulled)\b",
    )),
    ("danger_to_life", "danger.trapped", "trapped stuck pinned", (
        r"\btrapped\b(?! in (?:a|an|my|this|the|her|his) (?:\w+ )?(?:marriage|relationship|job|contract|"
        r"cycle|loop|lease|tenancy|life)\b)",
        r"\b(?:stuck|pinned) (?:under|beneath|underneath|in the wreckage|in the rubble)\b",
        r"\bstuck (?:in|on) (?:the |a )?(?:ice|mud|cliff|ledge|railway|tracks|river|sea|sand|sandbank|"
        r"quicksand|roof|scaffolding|floodwater|flood|lift|rubble|wreckage)\b",
    )),
    # Children. Before the kidnap rule, so "my daughter has been kidnapped" is a missing child.
    ("missing_child", "missing.child_missing",
     f"missing disappeared vanished run ran wander walk lost {_CHILD_CUES}", (
        rf"\b{_CHILD} (?:(?:is|are|has|have|was|were|had|gone|been|went|just) ){{0,4}}(?:missing|disappeared|"
        r"vanished|run away|ran away|run off|ran off|wandered off|walked off)\b(?! (?:school|his|her|their|"
        r"the|a|out|class|lessons|you|me|us|lunch|breakfast|dinner|tea)\b)",
        r"\b(?:missing|lost) (?:child|children|kid|boy|girl|toddler|baby|little boy|little girl|\d+ year "
        r"old)\b|\bchild (?:is )?missing\b",
    )),
    ("missing_child", "missing.child_is_lost",
     f"lost little young small toddler baby infant child kid dog pupp hot {_CHILD_CUES}", (
        rf"\b{_CHILD} (?:(?:is|are|got|gets|has got|was|were|been) ){{0,3}}lost\b(?! (?:his|her|their|my|a|"
        r"an|the|some|it|them|its|\d+)\b)",
        r"\b(?:little|young|small) (?:boy|girl|child|kid|one|lad)\b (?:\w+ ){0,4}?(?:alone|on (?:his|her) "
        r"own|by (?:him|her)self|wandering)\b",
        r"\b(?:toddler|baby|infant|young child|small child) (?:\w+ ){0,4}?(?:alone|on (?:his|her|their) "
        r"own|by (?:him|her|them)sel(?:f|ves)|unattended|wandering)\b",
        # left in a car: a child at any time, a dog when it is hot
        r"\b(?:baby|child|kid|kids|toddler|children|little one|infant) (?:\w+ ){0,3}?(?:left|locked|alone|"
        r"trapped|shut) (?:alone )?in (?:a|the|his|her|their|this|that) (?:hot |locked )?(?:car|van)\b",
        r"\b(?:dog|dogs|puppy) (?:\w+ ){0,3}?(?:left|locked|shut|trapped) in (?:a|the|this|that) hot (?:car|"
        r"van)\b|\bin (?:a|the) hot car\b",
        # "my son 6 years he is lost in the market"
        rf"\b{_CHILD}\b.{{0,40}}?\b(?:he|she|they) (?:is|are|got|has got|has been|have been) lost\b(?! "
        r"(?:his|her|their|my|a|an|the|some|it|them|its|\d+)\b)",
        # a child alone near traffic or water: "a child of about 3 wandering along the dual carriageway"
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:wandering|toddling|crawling|alone|on (?:his|her|their) own|by (?:him|"
        r"her|them)sel(?:f|ves)|unattended|without (?:an? )?(?:adult|parent|grown up)|with no (?:adult|"
        r"parent|grown up|one))\b.{0,60}?\b(?:road|roads|motorway|carriageway|traffic|railway|train line|"
        r"tracks|river|canal|lake|a\d+|m\d+|bypass|roundabout|junction)\b",
    )),
    ("missing_child", "missing.cannot_find", "find locate see sight nowhere sign anywhere", (
        rf"\b(?:cannot|can not|could not|unable to|not able to) (?:\w+ )?(?:find|locate|see) {_CHILD_REF}\b",
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:cannot|can not|could not) (?:\w+ )?(?:find|locate|see) (?:him|her|"
        r"them)\b",
        rf"\blost sight of {_CHILD_REF}\b",
        rf"\b{_CHILD}\b.{{0,80}}?\b(?:nowhere to be (?:seen|found)|no sign of (?:him|her|them)|(?:cannot|can "
        r"not|could not) see (?:him|her|them) anywhere|not anywhere)\b",
        rf"\bno sign of {_CHILD_REF}\b",
    )),
    ("missing_child", "missing.lost_my_child", "lost lose losing", (
        # not "I lost my son in 2019" or "lost my daughter to cancer"
        rf"\b(?:lost|lose|losing) {_CHILD_REF}\b(?! (?:to|in (?:a|an|the|19|20|\d)|last|years|when|during|at "
        r"birth|through))",
    )),
    # A child who has slipped away: "now he's gone", "got out of the house", "looked everywhere".
    ("missing_child", "missing.child_gone",
     "gone got slipped let wandered escaped look search should supposed due phone", (
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:he|she|they) (?:is|has|have|are) (?:just )?gone\b(?! (?:to|out|with|"
        r"home|back|into|in|for|off|on|up|down|round|over|quiet|red|mad|through|and|by|past|bed|asleep|"
        r"missing|shopping|camping|a)\b)",
        rf"\b{_CHILD}\b.{{0,40}}?\b(?:got out|slipped out|let (?:him|her|them)sel(?:f|ves) out|wandered out|"
        r"has escaped)\b",
        rf"\b(?:looked|looking|searched|searching) everywhere\b.{{0,60}}?\b{_CHILD_REF}\b",
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:looked|looking|searched|searching) everywhere\b",
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:should have been|was supposed to be|was due|were due) (?:home|back)\b",
        rf"\b{_CHILD}\b.{{0,60}}?\bphone (?:is |has been |keeps )?(?:off|switched off|going (?:straight )?to "
        r"voicemail)\b",
    )),
    ("missing_child", "missing.child_taken",
     "taken took snatch abduct kidnap grab lur bundl trying tried someone somebody man woman stranger they "
     "he she got gone went know lift pick walk ran run drove driv made mak wander cycl sped rip pull yank "
     "wrench", (
        # not "taken into care" or "taken to hospital"
        rf"\b{_CHILD} (?:(?:has|have|was|were|is|are|been|being|got|just) ){{0,4}}(?:taken|snatched|abducted|"
        r"kidnapped|grabbed|lured)\b(?! (?:into care|to|ill|home|in|by social|off|out|my|his|her|their|the|a|"
        r"an|some|drugs|money|it|them|something|pills|tablets|\d+)\b)",
        r"\b(?:snatched|snatching|grabbed|grabbing|abducted|abducting|kidnapped|kidnapping|lured|luring|"
        rf"bundled|(?:trying|tried) to (?:take|grab|snatch|lure|abduct|kidnap)) {_CHILD_REF}\b(?! is)",
        rf"\b(?:trying to|tried to) (?:get|lure|drag|pull|push|take) {_CHILD_REF} into\b",
        rf"\b{_CHILD}\b.{{0,40}}?\b(?:got|gone|went|getting|get) (?:in|into) (?:a|the|his|their|some) (?:\w+ "
        r")?(?:car|van|taxi) with (?:a|an|some|two|this|that) (?:\w+ ){0,2}?(?:man|men|stranger|strangers|"
        r"guy|guys|adult|bloke|lads|woman)\b",
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:with|by|into) (?:a|an|some|two) (?:\w+ ){{0,2}}?(?:man|men|woman|"
        r"stranger|strangers|guy|adult) (?:we|she|he|i|they) (?:do not|does not|did not) know\b",
        rf"\b(?:trying to|tried to) (?:get|make|persuade|convince|lure|entice) {_CHILD_REF} (?:to )?(?:go|"
        r"come|get) (?:with|in|into)\b",
        # a stranger took the child; not "she took my son to school"
        r"\b(?:someone|somebody|a man|a woman|a stranger|strangers|they|he|she) (?:(?:has|have|just) "
        rf"){{0,2}}(?:taken|took) {_CHILD_REF}\b(?! (?:to|for|home|out|in|on|with|back)\b)",
        r"\b(?:someone|somebody|a man|a woman|a stranger|strangers|they|he|she|a lady|some (?:\w+ )?(?:man|"
        r"woman|guy|bloke|lady)) (?:(?:has|have|is|just) ){0,2}(?:taken|took|lifted|picked up|grabbed|"
        rf"snatched) {_CHILD_REF} (?:out of|from) (?:the|his|her|my|our|a|their) (?:\w+ )?(?:pram|buggy|"
        r"pushchair|stroller|car seat|cot|trolley|car|play area|playground|garden|swings?|bed|arms)\b",
        rf"\b(?:has|have|just) taken {_CHILD_REF} (?:and (?:will not|is not|refuses|disappeared|gone|left|"
        r"run|ran|switched)|without (?:permission|asking|telling))\b",
        # a stranger leading a child away: "a woman just walked off with a little boy"; a parent going off
        # with their own children is a custody matter
        r"\b(?:someone|somebody|a (?:\w+ )?(?:man|woman|lady|stranger|person|bloke|guy)|strangers?|men) "
        r"(?:(?:has|have|just|is|had) ){0,2}(?:walked|walking|ran|running|run|drove|driven|driving|gone|went|"
        rf"made|making|wandered|cycled|sped) (?:off|away) with {_CHILD_REF}\b",
        r"\b(?:grabbed|snatched|took|taken|ripped|pulled|yanked|wrenched|lifted) (?:him|her|them|"
        rf"{_CHILD_REF}) (?:out of|from|off) (?:my|her|his|our|their) (?:arms|hands|pram|buggy|pushchair|car "
        r"seat|cot)\b",
        # "he's got my son" said in alarm, but not "he's got my son this weekend"
        r"\b(?:he|she|they|someone|somebody|a man|a woman|a stranger|the man|the woman) (?:is|are|has|have) "
        rf"got {_CHILD_REF}(?: (?:and|in|into)\b|$)",
    )),
    ("missing_child", "missing.taken_abroad", "abroad country", (
        rf"\b(?:taking|take|taken|took) (?:him|her|them|{_CHILD_REF}) (?:abroad|out of the country)\b",
    )),
    ("missing_child", "missing.not_home",
     "come came got gotten returned arrived made answer pick repl not never turn shown show reach", (
        rf"\b{_CHILD}\b.{{0,40}}?\b(?:has not|have not|did not|not|never) (?:come|came|got|gotten|returned|"
        r"arrived|made it) (?:back )?(?:home|back)\b",
        # not arrived where they were going: "hasn't turned up at her friend's house"
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:has not|have not|did not|not|never|still not|still has not|is not) "
        r"(?:yet )?(?:turned up|turn up|shown up|show up|showed up|arrived|arrive|got there|get there|made "
        r"it|reached)\b(?! (?:for|to|at) (?:his|her|their|the|a|an) (?:\w+ )?(?:appointment|court|hearing|"
        r"interview|shift|work|job|exam|lesson|class|training|practice|match|session|date)\b)",
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:is not|not) (?:answering|picking up|replying)\b",
        rf"\b{_CHILD}\b.{{0,40}}?\bnot (?:home|back) from (?:school|the park|college|the shops|playing|his|"
        r"her|their)\b",
    )),
    ("danger_to_life", "danger.kidnap",
     "kidnap abduct hostage held being bundl forc drag pull push put shov threw throw trying taken took grab "
     "snatch ransom hold keep kept tell told ask want shout yell call wav beckon begg order boot", (
        r"\b(?:kidnap|kidnapped|kidnapping|abduct|abducted|abducting|abduction|hostage)\b",
        r"\bheld against (?:my|his|her|their|our) will\b",
        r"\bbeing held (?:captive|prisoner|in (?:a|the|his|their) (?:house|flat|room|car|van))\b",
        r"\b(?:being|been) taken (?:somewhere|away|against)\b",
        r"\bbundled into\b|\bbundle \w+ into\b",
        # put into a vehicle against their will
        r"\b(?:forced|forcing|dragged|dragging|pulled|pulling|pushed|pushing|shoved|shoving|threw|thrown|"
        r"throwing|put|putting|bundled|trying to (?:get|drag|pull|push|force|bundle|put)) (?:\w+ "
        r"){0,3}?(?:in|into) (?:a|an|the|his|her|their) (?:\w+ ){0,2}?(?:car|van|boot|vehicle|motor|taxi|"
        r"lorry|truck)\b",
        # an adult taken; not "she took my dad to the hospital"
        r"\b(?:someone|somebody|they|he|she|men|a man|two men|a gang|some men|a group) (?:(?:has|have|just) "
        r"){0,2}(?:taken|took|grabbed|snatched) (?:my|our) (?:\w+ )?(?:sister|brother|mum|dad|mother|father|"
        r"wife|husband|partner|friend|girlfriend|boyfriend|mate|nan|grandad|cousin|flatmate)\b(?! (?:to|for|"
        r"home|out|in|on|with|back|shopping|away for|round)\b)",
        r"\bransom\b|\bhold(?:ing)? (?:\w+ ){0,2}?(?:hostage|to ransom)\b",
        r"\b(?:holding|held|keeping|kept) (?:\w+ ){0,2}?(?:captive|prisoner|until (?:i|we) pay|till (?:i|we) "
        r"pay)\b",
        # a person in a car boot: "they've got my brother in the boot", "banging from inside a boot"
        rf"\b(?:{_VICTIM}|someone|somebody|people|a body) (?:(?:is|are|was|were|been|being|got|locked|"
        r"trapped|stuck|tied up|shut|held|stuffed|shoved|put|thrown|bundled) ){0,3}(?:in|inside|into) (?:the|"
        r"a|an|his|her|their) (?:\w+ ){0,2}?boot\b",
        r"\b(?:banging|knocking|screaming|shouting|crying|kicking|tapping|voices?|someone|somebody) (?:\w+ "
        r"){0,3}?(?:in|inside|from|from inside|coming from) (?:the|a|an|his|her|their|that) (?:\w+ "
        r"){0,2}?boot\b",
        # a stranger telling someone to get into a car
        r"\b(?:telling|told|asking|asked|trying to get|tried to get|wants|wanted|keeps asking|keep asking|"
        r"keeps telling|keep telling|shouting at|shouted at|yelling at|yelled at|calling|called|waving at|"
        r"beckoning|begging|ordering|ordered) (?:me|her|him|"
        r"us|them|my \w+|kids|children|a (?:\w+ )?(?:girl|boy|child|kid|woman)) (?:to )?get in(?:to)?\b(?! "
        r"(?:line|touch|trouble|shape|early|the queue|bed|the house|here)\b)",
    )),
    ("danger_to_life", "danger.terror", "bomb explosive suspicious terror", (
        r"(?<!bath )(?<!photo )\b(?:bomb|bombs|explosives?|car bomb|bomb threat)\b",
        r"\bsuspicious (?:package|device|bag|item)\b|\bterror(?:ist)? attack\b|\bterrorists?\b",
    )),
    # Threats of harm. "says he will hurt me" is a live threat whenever it was first said.
    ("threat", "threat.harm_intent",
     f"get finish knife shank merk wet end do throw push drop chuck shove {_HARM_CUES}", (
        rf"\b(?:{_SUBJECT}|i) (?:(?:is|are|am|said|says) )?(?:going to|about to|will|wants to|want to|coming "
        r"to|coming round to|coming over to|coming back to|on (?:his|her|their) way to|threatening to|"
        rf"threatens to) (?:come (?:round|over|back) and )?{_HARM} {_HARM_TARGET}\b",
        rf"\b(?:{_SUBJECT}|i) (?:(?:is|are|am|said|says) )?(?:going to|will|threatening to|threatens to) "
        rf"(?:\w+ ){{1,4}}?and {_HARM} {_HARM_TARGET}\b",
        # "he's going to get me", but not "they will get me a crime number"
        r"\b(?:going to|will|coming to|coming back to|coming round to) get (?:me|us|her|him|them)\b(?! (?:a|"
        r"an|the|some|home|back|out|in|to|into|my|your|his|her|their|one|any)\b)",
        # "threatening to throw me off the balcony"
        r"\b(?:going to|about to|will|threatening to|threatens to|trying to|tried to) (?:throw|push|drop|"
        r"chuck|shove) (?:me|us|her|him|them|the baby|my \w+) (?:off|down|from|out of (?:the|a) window|"
        r"over)\b",
        # slang for killing or stabbing, only ever said of a person: "finish me", "shank me", "do her in"
        r"\b(?:going to|about to|will|wants to|want to|coming to|coming back to|coming round to|"
        r"threatening to|threatens to|said (?:he|she|they) would|on (?:his|her|their) way to) (?:(?:knife|"
        rf"shank|merk|wet) {_VICTIM}|(?:finish|end) (?:me|us|her|him|them|you)|do (?:me|us|her|him|them|"
        r"you) in)\b",
    )),
    ("threat", "threat.threatened", _HARM_CUES, (
        r"\b(?:threatening|threatened|threatens|threaten|threats|threat|says|said|saying|told \w+|telling "
        r"\w+|texted|texting|messaged|messaging|shouting|screaming|yelling) (?:\w+ ){0,3}?(?:to|will|would|"
        rf"going to) (?:come (?:round|over|back) and )?{_HARM} {_HARM_TARGET}\b",
    )),
    # Threats as people quote them: "tonight you die", "you're dead", "we know where you live".
    ("threat", "threat.quoted",
     "die dead next walking watch sleep know found coming wait hang lurk pic photo video snap image find "
     "bury dispose disappear see live wake make", (
        r"\b(?:says|said|saying|told (?:me|us|her|him)|shouting|screaming|yelling|texted|keeps saying) "
        r"(?:that )?(?:i am|we are|you are|she is|he is|they are|your|ur) next\b",
        r"\b(?:you|i|she|he|we|they) (?:will|are going to|is going to|am going to|going to) die\b(?! (?:of|"
        r"from|laughing|happy|alone)\b)",
        r"\b(?:tonight|today|soon|tomorrow) (?:you|i|she|he|we|they) (?:will )?die\b",
        r"\b(?:you are|you will be) (?:dead|next|a dead (?:man|woman))\b(?! (?:to me|in (?:the )?(?:queue|"
        r"line)|on the list)\b)",
        r"\b(?:you are|you will be|your) (?:dead|next)\b(?= (?:tonight|tomorrow|soon|now|when|if|mate|bro|"
        r"bruv)\b|$)",
        r"\bdead (?:man|woman|meat) walking\b|\bwatch your back\b|\bsleep with one eye open\b",
        r"\b(?:know|knows|found out) where (?:you|i|we|she|he|they|my \w+|your \w+) (?:live|lives|are|is|"
        r"work|works|sleep|sleeps)\b",
        r"\b(?:they|he|she|them|gang|lads|men|someone|somebody) (?:(?:is|are|said|says|will be) ){0,2}coming "
        r"for (?:me|us|you|her|him|them|my \w+)\b(?! (?:at|to pick|dinner|tea)\b)",
        r"\b(?:they|he|she|them|gang|lads|men|boys|group|someone|somebody|people) (?:(?:is|are|keep|keeps|"
        r"been) ){0,2}(?:waiting|hanging around|lurking) (?:for (?:me|us|him|her|my \w+) )?(?:outside|after|"
        r"round|near) (?:my|our|the|school|college|work|home)\b",
        r"\b(?:pic|pics|picture|pictures|photo|photos|video|videos|snap|snaps|image|images) of (?:\w+ "
        rf"){{0,3}}?{_WEAPON}\b",
        # a photo of their home or children sent to frighten them, not a house on a property website
        r"\b(?:sent|sending|send|received|receiving|got|getting|texted|texting|messaged|messaging|message|"
        r"text|posted|posting|shared|sharing)\b (?:\w+ ){0,6}?(?:pic|pics|picture|pictures|photo|photos|"
        r"video|videos|snap|snaps|image|images) of (?:my|our|your) (?:own )?(?:front |back )?(?:door|house|"
        r"home|flat|kids|children|son|daughter|window|street|bedroom|garden|work)\b(?! (?:\w+ "
        r"){0,2}?(?:on|from) (?:rightmove|zoopla|google|street view|the estate agent)\b)",
        # a body that will never be found: "says nobody will find my body", "they will bury you"
        r"\b(?:no one|nobody|they|you|police|the police|anyone) (?:will|would|is going to|are going to) "
        r"(?:ever |never )?find (?:my|your|her|his|their|the) (?:body|bodies|remains)\b|\bnever find (?:the|"
        r"my|your|her|his|their) (?:body|bodies)\b",
        r"\b(?:no one|nobody) (?:will|would|is going to) (?:ever )?find (?:me|you|her|him|them)\b",
        # "we will bury him" is a funeral, so only a threat made to the reader's face counts
        r"\b(?:going to|will) (?:bury|dispose of) (?:you|me)\b|\bmake (?:you|me|her|him|them) disappear\b",
        r"\b(?:you|she|he|they) (?:will not|are not going to|is not going to|wont) (?:see|live to see|wake "
        r"up|make it to) (?:tomorrow|the morning|christmas|another day|next week|your birthday)\b",
        # a watcher's taunt quoted back: "saying im watching u", "he keeps texting i can see you"
        r"\b(?:i am|we are|i have been|we have been|i will be|always|still) watching (?:you|your (?:house|"
        r"kids|children|every move))\b|\bi can see you\b(?! (?:have|are|has|replied|read|sent|posted|called|"
        r"tried|messaged|on|in the|at the)\b)",
    )),
    # Weapons.
    ("weapon", "weapon.carrying", _WEAPON_CUES, (
        r"\b(?:has|have|had|got|holding|carrying|waving|brandishing|pulled|pulling|pull|pointing|pointed|"
        r"swinging|wielding|flashing|flashed|showing|showed|produced|sharpening|hiding|concealing|took out|"
        r"take out|got out|get out|pulled out|pull out|whipped out|reached for|reaching for|picked up|"
        r"picking up|armed with|threatening \w+ with|came at \w+ with|coming at \w+ with|went for \w+ with|"
        r"going for \w+ with|attacked \w+ with|hit \w+ with|with) (?:out )?(?:(?:a|an|his|her|their|the|some|"
        rf"two|2|big|huge|large|massive|kitchen|sharp) )?(?:\w+ ){{0,2}}{_WEAPON}\b",
    )),
    ("weapon", "weapon.held_to", f"{_WEAPON_CUES} point", (
        rf"\b{_WEAPON} (?:to|at|against|under|on) (?:my|his|her|their|your|the|someones) (?:head|throat|neck|"
        r"chest|face|back|side|stomach|belly)\b",
        rf"\b{_WEAPON} (?:in|down) (?:his|her|their|one) (?:hand|hands|bag|pocket|waistband|belt|jacket|coat|"
        r"car|sock|socks|trousers|rucksack|backpack|sleeve|hoodie)\b",
        r"\b(?:knife|gun) point\b",
    )),
    # threatened or attacked with any object: "threatening staff with a bottle"
    ("weapon", "weapon.any_object", "threat attack came coming went going chas swing wav", (
        r"\b(?:threatening|threatened|attacking|attacked|came at|coming at|went for|going for|chasing|chased|"
        r"swinging at|waving) (?:\w+ ){0,2}?with (?:a|an|his|her|their|some|the) (?:\w+ )?\w+\b",
    )),
    ("weapon", "weapon.swung_at_people", "swing wav brandish wield throw", (
        r"\b(?:swinging|waving|brandishing|wielding|throwing) (?:a|an|his|her|their|the|some) (?:\w+ )?\w+ "
        r"(?:around )?at (?:people|me|us|him|her|them|everyone|cars|kids|children|passers by)\b",
    )),
    ("weapon", "weapon.named", "machete zombie samurai gun crossbow there saw seen spotted", (
        r"\b(?:machetes?|zombie knife|samurai sword|gunman|gunmen|gunfire|gun ?shots?|crossbow)\b",
        r"\b(?:there is|saw|seen|spotted) (?:a |an |some )?(?:guns?|firearms?|pistol|shotgun|rifle)\b",
    )),
    # A message of one to five words that is only an alarm word: "knife", "gun!!", "he has a blade".
    ("weapon", "weapon.short_message", _WEAPON_CUES + " stab shot shoot", (
        r"^(?=\w+(?: \w+){0,4}$)(?!.*\b(?:report|reported|reporting|how|what|where|when|can|could|advice|"
        r"update|number|reference|about|last|ago|yesterday|was|were|found|lost|licen[cs]e|crime|amnesty|"
        r"certificate)\b)(?:\w+ ){0,3}(?:knife|knives|gun|guns|machete|blade|weapon|stabbed|stabbing|shot|"
        r"shooting|shots)\b",
    )),
    ("weapon", "weapon.stabbing", "stab knifed slash", (
        # not "stabbed my tyres" (damage) or "stabbing pains"
        r"\b(?:stabbed|stabbing|stab wounds?|knifed|slashed)\b(?! (?:my|the|his|her|our|their|all|all the|"
        r"all my|all four|four|two|2|4) ?(?:car |van )?(?:tyres?|tires?|wheels?|car|van|seats?|sofa|door|"
        r"paintings?|prices)\b)(?! pains?\b)",
    )),
    ("weapon", "weapon.shooting", "shot shoot", (
        r"\bshots? (?:fired|being fired)\b|\b(?:been|got|was|were|is|are|being|just) shot\b",
        r"\bshot (?:him|her|me|them|someone|somebody|at)\b",
        r"\bshooting (?:at|people|someone|him|her|them|outside|in the|on the)\b",
        r"\b(?:a|there is a|there has been a) shooting\b",
        r"\b(?:is|are) shooting\b(?! (?:a|the|some|my|his|her|their|video|film|photos?|hoops|pool)\b)",
    )),
    ("weapon", "weapon.armed", "armed", (
        r"\barmed (?:man|men|woman|women|person|people|robber\w*|robbery|gang|intruder\w*|burglar\w*|youths?|"
        r"lads?|guy|police|with)\b",
        r"(?<!alarm )\b(?:is|are|he is|they are|was|were|maybe|might be|could be|possibly) armed\b",
    )),
    ("weapon", "weapon.acid", "acid threw throw chuck", (
        r"\bacid (?:attack|thrown|in (?:my|his|her|their) face)\b",
        r"\b(?:threw|throwing|thrown|chucked) (?:acid|bleach|ammonia)\b",
    )),
    # Violence happening, or just done to someone.
    ("violence", "violence.attacking",
     "hit punch kick beat batter attack assault strangl chok throttl slap headbutt stamp rap molest smack "
     "hurt bash abus whack bit drag push shov grab pin hold held hand hair throat neck spat spit pull yank "
     "thump wallop belt clout knee elbow slam burn scald "
     "see saw watch witness throw threw thrown chuck hurl lob going went gone came coming lung charg run ran "
     "lay knock boot leather deck lamp twat clobber glass bottl", (
        r"\b(?:hitting|punching|kicking|beating|battering|attacking|assaulting|strangling|choking|throttling|"
        r"slapping|headbutting|stamping on|raping|molesting|smacking|hurting|bashing|abusing|whacking|biting|"
        r"dragging|pushing|shoving|grabbing|thumping|walloping|belting|clouting|kneeing|elbowing|slamming|"
        rf"burning|scalding|beat|beaten|battered) {_VICTIM}\b",
        r"\b(?:throwing|chucking|pushing|shoving|dragging|flinging|slinging|knocking|kicking|punching|"
        r"hitting) (?:me|her|him|us|them) (?:around|about|across|into|against|down|over|off|out of)\b",
        rf"\b(?:pinned|pinning|holding|held) {_VICTIM} (?:down|against|to the)\b|\bgot (?:me|her|him|them) "
        r"pinned\b",
        r"\bhands? (?:round|around) (?:my|her|his|their) (?:neck|throat)\b",
        r"\bby (?:the|my|her|his|their) (?:hair|throat|neck)\b",
        rf"\b(?:spat|spitting|spit) (?:on|at|in) (?:{_VICTIM}|(?:my|her|his|their) face)\b",
        r"\b(?:pulling|pulled|yanking|yanked) (?:my|her|his|their) hair\b",
        r"\b(?:laying into|going at|knocking \w+ about|booting|leathering|decking|decked|lamping|lamped|"
        rf"battering|twatting|clobbering|glassing|glassed|bottling|bottled) {_VICTIM}\b|\bglassing\b",
        # a bystander's report: "just saw a man punch a woman"
        r"\b(?:see|saw|seen|seeing|watching|watched|witnessed|witnessing) (?:\w+ ){1,4}?(?:punch|hit|kick|"
        r"stab|slap|attack|beat|drag|grab|strangle|choke|push|shove|assault|batter|rob|mug|stamp on|headbutt|"
        r"glass) (?!(?:\w+ )?(?:car|cars|van|bike|wall|fence|gate|window|bin|post|ball|kerb|"
        rf"pothole)\b){_VICTIM}\b",
        r"\b(?:throwing|chucking|hurling|lobbing|threw|thrown|chucked|hurled|lobbed) (?!(?:a |another "
        rf")?(?:party|tantrum|fit|strop|wobbly|ball|frisbee)\b)(?:\w+ ){{1,3}}?at (?:{_VICTIM}|cars|the "
        r"(?:house|window|windows|door|car|cars|bus|police)|(?:my|his|her|their|your) (?:head|face))\b",
        r"\b(?:going|went|gone|came|coming|lunged|lunging|charged|charging|ran|running) (?:for|at) "
        rf"{_VICTIM}\b",
    )),
    ("violence", "violence.beaten_up", "beat batter kick", (
        r"\b(?:beat|beating|beaten|battered|battering|kicked|kicking) (?:\w+ )?up\b",
        r"\bkick(?:ing|ed)? (?:his|her|their|my|your) (?:head|face) in\b",
    )),
    ("violence", "violence.assaulted",
     "hit punch kick beat attack assault batter strangl chok mug jump rap sexual slap headbutt glass bottl "
     "stamp abus bit drag stab rush set spat push shov held pinned rob knocked", (
        r"\b(?:being|getting) (?:hit(?! (?:in the \w+ )?(?:by|with) (?:a|an|the) (?:\w+ )?ball\b)|punched|"
        r"kicked|beaten|beat up|beaten up|attacked|assaulted|battered|strangled|choked|mugged|jumped|raped|"
        r"sexually assaulted|slapped|headbutted|glassed|bottled|stamped on|abused|bitten|dragged|stabbed|"
        r"rushed|set upon|spat on|pushed|shoved|held down|pinned down|robbed)\b",
        # a person was assaulted; "my car got hit" is not this
        rf"\b(?:i|we|{_SUBJECT}) (?:(?:have|has|had|just|was|were|am|is|are|been|got|get|getting) "
        r"){1,4}(?:hit|punched|kicked|beaten|beat up|beaten up|attacked|assaulted|battered|strangled|choked|"
        r"mugged|robbed|jumped|raped|sexually assaulted|slapped|headbutted|glassed|bottled|stamped on|"
        r"knocked out|abused|bitten|dragged|rushed|set upon)\b(?! (?:in the \w+ )?(?:by|with) (?:a|an|the) "
        r"(?:\w+ )?(?:ball|car|van|"
        r"bus|lorry|truck|vehicle|bike|motorbike|taxi|train)\b)",
    )),
    ("violence", "violence.hit_someone",
     "hit punch kick slap strangl chok attack assault headbutt rap bit stamp push shov grab drag threw stab "
     "hurt smack whack thump wallop belt clout throttl elbow knee slam burn scald batter beat", (
        rf"\b{_SUBJECT} (?:(?:has|have|had|just|keeps|keep|is|are|started|start|will not stop) "
        r"){0,4}(?:hit|punched|kicked|slapped|strangled|choked|attacked|assaulted|headbutted|raped|bit|"
        r"bitten|stamped on|pushed|shoved|grabbed|dragged|threw|stabbed|hurt|smacked|whacked|thumped|"
        r"walloped|belted|clouted|throttled|elbowed|kneed|slammed|burned|burnt|scalded|battered|beat) "
        rf"{_VICTIM}\b",
        # a blow to the head or face: "smacked her round the head", "punched him in the face"
        r"\b(?:hit|hitting|smacked|smacking|whacked|whacking|punched|punching|kicked|kicking|slapped|"
        r"slapping|thumped|thumping|belted|clouted|struck|bashed|bashing|walloped|headbutted|stamped) "
        r"(?:me|us|her|him|them|my \w+|someone|somebody|a (?:\w+ )?(?:man|woman|girl|boy|lad|kid)) (?:\w+ "
        r")?(?:round|over|across|in|on) (?:the|his|her|my|their) (?:head|face|jaw|mouth|nose|eye|neck|"
        r"throat|stomach|ribs|chest|back)\b(?! (?:\w+ ){0,3}?(?:ball|football|door|cupboard|shelf)\b)",
    )),
    ("violence", "violence.scalded", "pour threw throw thrown chuck splash tip", (
        r"\b(?:poured|pouring|threw|throwing|thrown|chucked|chucking|splashed|tipped) (?:a |the |some "
        r")?(?:\w+ )?(?:boiling|hot) (?:water|oil|fat|kettle|tea|coffee|liquid|pan)\b(?! (?:bottle|tap)\b)",
    )),
    # tied, gagged or cuffed by someone: "he tied me up", "she's been tied to a chair"
    ("violence", "violence.restrained",
     "tied tying taped taping gagged bound chained cuffed handcuff zip locked", (
        r"\b(?:tied|tying|taped|taping|bound|chained) (?:me|us|her|him|them|my \w+) (?:up|to|down)\b",
        r"\b(?:gagged|handcuffed|cuffed|zip tied) (?:me|us|her|him|them|my \w+)\b",
        r"\b(?:been|am|is|are|being|got|was|were) (?:tied|taped|chained|bound|zip tied|handcuffed|cuffed) "
        r"(?:up and|to (?:a|the|his|her|my) (?:\w+ )?(?:chair|bed|radiator|pipe|post|tree|pole|table)|and "
        r"gagged)\b|\bbound and gagged\b",
        r"\b(?:tied|taped|chained|locked) up (?:in|inside) (?:a|the|his|their|some) (?:\w+ )?(?:boot|van|car|"
        r"room|cellar|basement|shed|garage|cupboard|container|lorry)\b",
    )),
    ("violence", "violence.has_hit", "punch hit kick stab attack assault headbutt glass slap strangl bottl", (
        r"\b(?:has|have|just) (?:punched|hit|kicked|stabbed|attacked|assaulted|headbutted|glassed|slapped|"
        rf"strangled|bottled) {_VICTIM}\b",
    )),
    ("violence", "violence.fight",
     "fight brawl punch scuffle riot disturbance scrap kick going gone bottle glass chair fist", (
        r"\b(?:big|massive|huge|mass|gang|street|serious|violent|bad|drunken|drunk|there is a|a massive|a "
        r"big|a huge|a mass) (?:fight|brawl|punch up|scuffle|riot|fist fight|street fight|disturbance)\b",
        r"\b(?:fight|fighting|fights|brawl|brawling|punch up|scuffle|riot|rioting) (?:outside|in the street|"
        r"on the street|in the road|on the road|at the|in the pub|in the park|going on|happening|broken out|"
        r"broke out|breaking out|now|right now|next door|upstairs|downstairs|in (?:my|the|our) (?:street|"
        r"road|garden|house|flat|shop|pub|park))\b",
        r"\b(?:are|is|people|men|lads|guys|youths|kids|gang|gangs|they|two|group|loads of people|load of "
        r"people) (?:\w+ )?(?:fighting|brawling|scrapping)\b",
        r"\bkicking off\b(?! at \d)|\bkicked off\b",
        r"\b(?:it is|it|all|proper) (?:all |just )?(?:going|gone) off\b(?! (?:at \d|tomorrow|later)\b)",
        r"\b(?:bottles|glasses|chairs|punches|fists) (?:are )?(?:being )?(?:thrown|flying)\b",
    )),
    ("violence", "violence.turned_violent",
     "violent aggressive abusive rage berserk ballistic psycho punch kick smash headbutt", (
        r"\b(?:being|getting|got|gone|turned|turning|is|are|very|really|so) (?:very |really |so )?(?:violent|"
        r"aggressive|abusive)\b",
        r"\b(?:punching|kicking|smashing|headbutting) (?:holes in )?(?:the |my |our )?(?:walls?|doors?)\b",
        r"\bin (?:a|one of his|one of her|such a) (?:\w+ )?rage\b(?! (?:about|over)\b)|\b(?:going|gone|"
        r"went) (?:berserk|ballistic|psycho)\b",
    )),
    ("violence", "violence.dog_attack", "dog", (
        r"\bdogs? (?:(?:is|are|has|just) )?(?:attacking|attacked|biting|bit|bitten|mauling|mauled|savaging|"
        r"went for)\b",
        r"\b(?:attacked|bitten|mauled|savaged|bit) by (?:a|the|his|her|their|my|an|next doors|my neighbours) "
        r"(?:\w+ )?dogs?\b|\bdog attack\b",
    )),
    # Road collisions with injury or a blocked or dangerous road.
    ("collision_injury", "collision.hit_by_vehicle", f"hit knocked run ran mounted {_VEHICLE_CUES}", (
        r"\b(?:hit|knocked (?:down|over)|run over|ran over) by (?:a|an|the|his|her|their|this|that) (?:\w+ "
        r")?(?:car|van|bus|lorry|truck|vehicle|motorbike|motorcycle|moped|taxi|train|tram|cyclist|bike|"
        r"driver)\b",
        rf"\b(?:{_SUBJECT}|i|we) (?:(?:has|have|was|were|got|been|just|is) ){{0,4}}(?:run over|knocked down|"
        r"knocked off (?:his|her|their|my) bike)\b",
        r"\b(?:car|van|lorry|truck|bus|vehicle|driver|motorbike|taxi)\b.{0,60}?\b(?:hit|ran over|run over|"
        r"knocked (?:down|over)) (?:a|an|the|some|two) (?:\w+ )?(?:kid|child|boy|girl|man|woman|person|"
        r"pedestrian|cyclist|lady|pensioner|people)\b",
        r"\bmounted the pavement\b",
    )),
    ("collision_injury", "collision.with_injury", f"{_CRASH_CUES} {_VEHICLE_CUES} multi several lot load few "
     "many three four five six seven eight ten bunch", (
        rf"\b{_CRASH}\b.{{0,80}}?\b{_CRASH_HARM}\b",
        rf"\b{_CRASH_HARM}\b.{{0,80}}?\b{_CRASH}\b",
        r"\b(?:car|van|lorry|truck|bus|coach|vehicle|motorbike|tanker) (?:(?:has|is|just) "
        r"){0,3}(?:overturned|flipped|rolled over|on (?:it is|its|it) (?:roof|side)|upside down|jackknifed|"
        r"jack knifed)\b",
        r"\b(?:car|van|lorry|truck|vehicle) (?:is )?(?:in (?:a|the) ditch|off the road|in the river)\b",
        # a pile-up: several vehicles at once means people on a live road
        r"\bpile up (?:on|at|near|in|by|just|involving|with|of (?:cars|vehicles|lorries)|between)\b|\b(?:car|"
        r"vehicle|motorway|massive|big|huge|major|bad|serious|multi car|multi vehicle) pile up\b",
        r"\b(?:multiple|several|lots of|loads of|a load of|a bunch of|a few|few|many|\d+|three|four|five|six|"
        r"seven|eight|ten) (?:cars|vehicles|lorries|vans|motorbikes) (?:(?:have|had|all|just|are|been) "
        r"){0,3}(?:crashed|collided|smashed|piled up|involved|in (?:a|the) (?:crash|collision|pile up|"
        r"accident))\b",
    )),
    # A vehicle driven into people or a building, or off the road: serious whatever else is said.
    ("collision_injury", "collision.into_people_or_off_road",
     "plough plow drove driven driving crash smash career mow ran swerv veer gone went revers aim slid slip "
     "plung motor "
     f"{_VEHICLE_CUES}", (
        r"\b(?:driving|drove|driven|drives|aiming|aimed|swerving|swerved|revving|speeding) (?:(?:his|her|"
        r"their|the|a) (?:car|van|vehicle|motorbike|bike|lorry) )?(?:at|towards|straight at) (?:people|me|"
        r"us|them|her|him|pedestrians|the crowd|a crowd|kids|children|cyclists|the police|officers)\b",
        r"\b(?:ploughed|plowed|ploughing|drove|driven|driving|crashed|crashing|smashed|careered|careering|"
        r"mowed|ran|swerved|veered|gone|went|reversed) (?:straight |right |head first )?(?:into|through|"
        r"onto) (?:a |the |some |my |our |their )?(?:\w+ )?(?:people|crowd|pedestrians|group|kids|children|"
        r"queue|bus stop|shop|shops|house|pub|market|cyclists?|pavement|school|playground|front room|living "
        r"room|building|cafe|restaurant|station)\b",
        r"\b(?:crashed|ploughed|smashed|drove|driven|careered) (?:into|through) (?:the|a|my|our|their) "
        r"(?:\w+ ){0,3}?(?:house|home|shop|building|front|window|school|bus stop|pub|people|crowd)\b",
        r"\b(?:car|van|lorry|truck|vehicle|bus|motorbike|tractor) (?:(?:has|is|just|had) ){0,2}(?:gone|went|"
        r"ended up|crashed|ploughed|careered|veered|skidded|spun|rolled|flown|flew|driven|drove|slid|slipped|"
        r"plunged|reversed) (?:off the road )?(?:into|in|off|through|down|over) (?:a |the )?(?:tree|ditch|"
        r"river|canal|lake|wall|field|hedge|lamp post|barrier|embankment|bridge|verge|road|central "
        r"reservation|water|pond|railings|ford|floodwater|flood water|flood|sea|harbour|reservoir|quarry|"
        r"dock)\b",
        # a vehicle in water, however it got there: people may be inside
        r"\b(?:car|van|lorry|truck|vehicle|bus|taxi|motor)\b(?! (?:park|parks|keys?|boot|insurance|wash|"
        r"stereo|seat)\b) (?:\w+ ){0,6}?(?:in|into|under) (?:the|a) (?:\w+ )?(?:river|canal|lake|sea|water|"
        r"pond|reservoir|floodwater|flood water|flood|ford|harbour|quarry|dock)\b(?! (?:district|side|view|"
        r"front|bank|path|walk|road|street|centre|car park)\b)",
    )),
    ("collision_injury", "collision.rider_down",
     "rider cyclist biker motorcyclist came come fallen fell thrown flew flung knocked", (
        r"\b(?:rider|cyclist|biker|motorcyclist) (?:is |has )?(?:down|been thrown|thrown off|flung)\b(?! "
        r"(?:the|a|my|our|his|her|there)\b)",
        r"\b(?:came|come|fallen|fell|thrown|flew|flung|knocked) off (?:his|her|their|my|the|a) (?:motor "
        r"?bike|motorcycle|moped|scooter|horse)\b",
    )),
    ("collision_injury", "collision.road_blocked",
     "horse pon cow cattle sheep pig bull goat deer animal livestock ladder tree debris mattress sofa object "
     "tyre pallet "
     "person man woman child kid people lorry car vehicle load road lane motorway carriageway junction "
     "roundabout slip dual shed cargo blocked impassable debris rubble scaffold pole pipe plank timber board "
     "brick rock boulder stone branch log furniture box crate barrel cone wheel bumper exhaust metal glass "
     "oil diesel fuel sheet wood gravel fall fell come came drop spill spilt "
     "blown blew fly flew flown slid pallet", (
        r"\b(?:horses?|cows?|cattle|sheep|deer|animals?|livestock|ladder|trees?|debris|mattress|sofa|object|"
        r"tyre|pallet|person|man|woman|child|kid|people) (?:is |are )?(?:loose |wandering |walking |running |"
        r"lying |standing )?(?:on|in|across|along|down|blocking) (?:the )?(?:middle of the )?(?:motorway|"
        r"dual carriageway|carriageway|m\d+|a\d+|fast lane|slow lane|hard shoulder)\b",
        r"\b(?:tree|trees|debris|lorry|car|vehicle|ladder|load) (?:(?:is|has|fallen|down|shed|come|gone|"
        r"came) ){0,3}(?:across|blocking) (?:the )?(?:road|motorway|dual carriageway|carriageway|lane|lanes|"
        r"street|a\d+|m\d+|bypass|junction|roundabout)\b",
        # "the road is blocked", but not by parked cars or roadworks
        r"\b(?:road|roads|lane|lanes|motorway|carriageway|junction|roundabout|slip road|m\d+|a\d+) (?:(?:is|"
        r"are|now|completely|totally|fully|all|both) ){0,3}(?:blocked|impassable)\b(?! (?:by (?:parked|"
        r"roadworks|the council|bins|a skip|builders|works)|off)\b)",
        r"\bshed (?:its|it is|their|his|her|a|the) (?:load|cargo)\b|\b(?:load|cargo) (?:has )?(?:fallen|"
        r"spilled|spilt|shed)\b",
        # anything lying on a fast road: "scaffolding poles all over the dual carriageway"
        r"\b(?:debris|rubble|scaffolding|poles?|pipes?|planks?|timber|boards?|bricks|rocks|boulders?|stones|"
        r"branches|logs?|furniture|boxes|crates|barrels|cones|wheels?|tyres?|bumpers?|exhaust|metal|glass|"
        r"oil|diesel|fuel|cargo|sheets?|wood|gravel|objects?|mattress|sofa|"
        r"ladder|pallets?) (?:\w+ ){0,6}?(?:on|onto|in|across|along|over|all over|blocking) (?:the "
        r")?(?:middle of the )?(?:motorway|dual carriageway|carriageway|m\d+|a\d+|fast lane|slow lane|"
        r"outside lane|inside lane|middle lane)\b(?! (?:services|lay ?by|laybys|verge|footpath|pavement)\b)",
        # fallen from a vehicle onto a road
        r"\b(?:fallen|fell|falling|come|came|coming|dropped|dropping|spilled|spilt|spilling|blown|blew|"
        r"flying|flew|flown|slid|sliding) (?:off|out of|from|off the back of|out the back of) (?:a|the|an|"
        r"this|that) (?:\w+ )?(?:lorry|truck|van|trailer|pickup|pick up|flatbed|tipper|roof rack|vehicle)\b"
        r".{0,80}?\b(?:road|motorway|carriageway|lane|lanes|m\d+|a\d+|bypass|junction|roundabout|traffic)\b",
        # livestock loose on any road, not a dead fox or badger
        r"(?<!dead )\b(?:horses?|ponies|pony|cows?|cattle|sheep|pigs?|bulls?|livestock|goats?|deer) (?:(?:is|"
        r"are|have|has|got|gone|loose|out|running|wandering|walking|galloping|standing|all) ){0,3}(?:on|in|"
        r"along|down|up|across|onto|into|all over) (?:the |a )?(?:\w+ )?(?:road|roads|bypass|motorway|"
        r"carriageway|lane|lanes|street|roundabout|junction|a\d+|m\d+)\b",
    )),
    # People hurt or unwell in a way that cannot wait.
    ("injury", "injury.not_breathing",
     "breath turn gone going lips face blue skin finger mouth tongue purple gasp gurgl rattl chok he she "
     "they", (
        r"\b(?:not|stopped|stop|cannot|can not|struggling to|struggling|trouble|difficulty|hardly|barely|"
        r"unable to) (?:breathing|breathe)\b",
        # the colour of no oxygen, however it is put: "lips have gone purple", "face looks a bit blue"
        r"\b(?:turning|gone|going) blue\b|\b(?:lips|face|skin|fingers|fingertips|mouth|tongue) "
        r"(?:(?:are|is|have|has|look|looks|looking|gone|going|turned|turning|went|all|really|very|a bit|bit|"
        r"kind of|sort of|quite|slightly) ){0,3}(?:blue|purple|grey|gray)\b(?! (?:with|from) (?:rage|anger|"
        r"embarrassment|laughing|laughter|cold|the cold|paint|ink|dye|juice|berries|lipstick|sweets|a lolly|"
        r"slush|slushie)\b)",
        r"\bbreathing (?:is )?(?:weird|funny|strange|odd|oddly|shallow|really slow|very slow|rattly|noisy|"
        r"gurgling)\b",
        # "gasping", but not the thirsty "gasping for a cuppa"
        r"\bgasping\b(?! for (?:a |an |some )?(?:drink|pint|cup|cuppa|brew|coffee|tea|fag|cigarette|smoke|"
        r"beer|wine|water)\b)",
        # a person, not a drain or an engine, making the sound of a blocked airway
        rf"\b(?:he|she|they|{_PERSON_NOUN}) (?:(?:is|are|keeps|started|starts|just|making|made|has|been) "
        r"){0,3}(?:(?:a|this|that|weird|funny|strange|horrible|awful) ){0,2}(?:gurgling|rattling|choking)"
        r"(?: (?:noise|noises|sound|sounds))?\b(?! (?:and )?(?:happily|away|smiling|laughing|cooing|"
        r"babbling)\b)",
    )),
    ("injury", "injury.unconscious",
     "unconscious unresponsive passed knocked out cold not conscious electrocut wake waking respond answer "
     "mak talk limp lifeless floppy slumped grey gray pale fitting seizure seizing fit foaming floor ground "
     "open eye having head "
     "stairs pavement road street bath toilet drive path found wak mov com get breath shak groan confus blue "
     "cold", (
        r"\b(?:unconscious|unresponsive|passed out|knocked out|out cold|not conscious|electrocuted)\b",
        r"\b(?:will not|cannot|can not|not) (?:wake|waking)\b",
        r"\b(?:will not|cannot|can not|does not|is not|not|could not) open (?:his|her|their|my) eyes\b|"
        r"\beyes (?:will not|do not|are not|cannot|can not) (?:open|opening)\b",
        rf"\b{_SUBJECT} (?:is |are )?(?:not responding|not moving|limp|lifeless|floppy)\b",
        r"\b(?:and|but|now) (?:is|are) (?:not responding|not moving)\b",
        # "he won't respond", "she isn't making sense"; not "the council won't respond to my emails"
        rf"\b(?:him|her|them|{_SUBJECT}) (?:(?:is|are|will|does|did|just|still|has|keeps) ){{0,3}}(?:not|"
        r"cannot|can not|never) (?:respond|responding|wake|waking|come round|coming round|answer me|"
        r"answering me|make sense|making sense|make any sense|making any sense)\b(?! to\b)",
        r"\bslumped\b|\b(?:gone|turned|turning|going) (?:grey|gray|pale and)\b",
        r"\b(?:fitting|seizure|seizing)\b|\bhaving (?:\w+ ){0,3}?(?<!hissy )(?:fit|fits|convulsions?|funny "
        r"turn)\b|\bfoaming at the mouth\b",
        # a head striking the ground again and again is a seizure or worse
        r"\bhead (?:is |keeps )?(?:banging|hitting|smashing|bashing|slamming) (?:on|against|off|into) (?:the "
        r")?(?:kerb|curb|floor|ground|pavement|road|concrete)\b",
        # on the floor and something is badly wrong, in either order
        r"\b(?:fallen|fell|collapsed|lying|lay|slumped|found|knocked|hit|on|at the bottom of) (?:the |my |"
        r"our |her |his )?(?:\w+ )?(?:floor|ground|stairs|pavement|road|street|bath|toilet|drive|driveway|"
        r"path)?.{0,40}?\b(?:(?:not|no) (?:moving|responding|breathing|waking|answering|talking|getting "
        r"up|making sense)|will not (?:wake|respond|move|answer|get up)|cannot (?:wake|move|get up|get "
        r"(?:him|her|them) up))\b",
        r"\b(?:not (?:moving|responding|answering|breathing)|unresponsive|will not (?:wake|respond|"
        r"answer))\b.{0,60}?\b(?:on|at the bottom of) (?:the|my|our|her|his) (?:\w+ )?(?:floor|ground|stairs|"
        r"pavement|road|street)\b",
        r"\b(?:on|at the bottom of) (?:the|my|our|her|his) (?:\w+ )?(?:floor|ground|stairs|"
        r"pavement)\b.{0,60}?\b(?:shaking|fitting|blue|cold and|groaning|confused|not making sense)\b",
        rf"\bfound (?:my|our|a|an|the|his|her|their) (?:\w+ ){{0,2}}?{_PERSON_NOUN} (?:\w+ )?(?:on the floor|"
        r"on the ground|unconscious|collapsed|lying|in the bath|hanging|not breathing|unresponsive|slumped|"
        r"passed out|face down|bleeding)\b",
    )),
    ("injury", "injury.bleeding", "bleed blood", (
        r"\b(?:bleeding|bleed) (?:badly|heavily|a lot|lots|loads|everywhere|profusely|out|to death|from|all "
        r"over|and|bad|really|so much|quite|uncontrollably|heavy|alot)\b",
        # "he is bleeding", but not "my bleeding neighbours"
        r"\b(?:is|are|am|keeps|keep|still|been|started|start) bleeding\b|\bbleeding$",
        rf"\b{_SUBJECT} bleeding (?:on|in|outside|at|by|from|badly|everywhere)\b",
        r"\bblood (?:is )?(?:everywhere|all over|pouring|gushing|pumping|coming out|spurting|will not stop|"
        r"from|running|streaming|dripping|pissing)\b",
        r"\b(?:lot|lots|loads|pool|covered|losing|so much|too much) (?:of |in )?blood\b",
    )),
    ("injury", "injury.collapsed",
     "collaps faint keel heart cardiac anaphyla chok stroke overdos pill tablet paracetamol painkiller meds "
     "medication taken took swallow had necked downed drank drunk bleach poison fell spiked stand lying "
     "laying lay lies sprawl fall tumble lift move get pick chest pain drooping droop slur allergic throat "
     "tongue epi labour birth waters baby asthma empty injected smoked snorted done dropped floor ground "
     "stairs stuck trapped been eye convuls twitch drows hypotherm concuss bone ket spice heroin coke cocain "
     "crack mdma on molly ecstasy xanax fentanyl gbl ghb drug something diabet insulin hypo blood sugar "
     "shak sweat clam confus drows slur cannot can could shiver grey pale vomit face mouth smile one talk "
     "speak spout saying speech words dizzy light", (
        r"\b(?:collapsed|collapsing|fainted|keeled over|heart attack|cardiac arrest|anaphylactic|anaphylaxis|"
        r"choking)\b|\b(?:a|having a|had a) stroke\b",
        r"\b(?:overdose|overdosed|overdosing)\b|\b(?:has|have) (?:got |taken |took )?pills\b",
        r"\b(?:taken|took|swallowed|had|necked|downed) (?:\w+ ){0,3}?(?:too many|loads|lots|load|bottles?|"
        r"packets?|box|boxes|all|whole|handful|\d+)(?: of)? (?:\w+ )?(?:pills|tablets|paracetamol|"
        r"painkillers|meds|medication)\b",
        r"\b(?:taken|took|had|done|injected|smoked|snorted|swallowed|necked|dropped) (?:\w+ ){0,2}?too "
        r"(?:much|many)\b(?! (?:time|money|notice|sun)\b)",
        r"\bempty (?:\w+ )?(?:packets|packet|blister packs?|pill bottles?|bottles of pills|boxes of (?:pills|"
        r"tablets))\b|\b(?:pill|tablet|paracetamol) (?:packets|bottles|boxes|wrappers|strips)\b",
        r"\b(?:swallowed|drank|drunk) (?:bleach|poison)\b|\bswallowed (?:a|an|some|two|loads of|\d+) "
        r"(?:button )?(?:battery|batteries|magnets?|coins?|chemicals?|detergent|capsules?|washing capsules?|"
        r"liquitabs?|pills|tablets)\b",
        r"\b(?:pills|tablets|paracetamol|meds|medication)\b.{0,60}?\b(?:on the (?:\w+ )?floor|unconscious|"
        r"not waking|not responding|drowsy|passed out)\b",
        r"\bon the (?:\w+ )?floor\b.{0,60}?\b(?:pills|tablets|paracetamol|empty bottle|needle|syringe)\b",
        r"\b(?:fell|fallen|falling|fall) (?:off|from|out of) (?:(?:a|the|his|her|their|my) )?(?:\w+ "
        r")?(?:roof|ladder|window|balcony|height|building|bridge|cliff|scaffolding|loft)\b",
        r"\b(?:drink|drinks|been|was|got|has been|have been) spiked\b|\b(?:cannot|can not) stand up\b",
        r"\b(?:lying|laying|lay|lies|been lying|sprawled) (?:at the bottom of|on|in|across|outside) (?:the|"
        r"my|our|a|his|her|their) (?:\w+ )?(?:road|street|floor|ground|pavement|drive|driveway|path|alley|"
        r"alleyway|gutter|doorway|bushes|car park|stairs|steps|bus stop|snow|underpass|subway)\b",
        r"\b(?:had|has had|have had|taken|took|having) a (?:bad |nasty |big |serious |heavy )?(?:fall|"
        r"tumble)\b",
        r"\b(?:cannot|can not|could not|unable to|not able to) (?:lift (?:him|her|them)|move (?:him|her|"
        r"them)|get (?:him|her|them) (?:up|off the floor|off the ground)|pick (?:him|her|them) up)\b",
        r"\b(?:fallen|fell|fall|floor|ground|stairs)\b.{0,60}?\b(?:cannot|can not|could not|unable to|not "
        r"able to|will not|is not|not) (?:get up|getting up|stand|standing up|move|moving)\b",
        r"\b(?:stuck|trapped|lying|laid|been) on the (?:floor|ground|bathroom floor|kitchen floor)\b",
        r"\b(?:fell|fallen|fall)\b.{0,60}?\b(?:very cold|freezing|frozen|soaked|been there (?:for )?(?:hours|"
        r"all night|ages)|(?:she|he) is (?:[7-9]\d|1[01]\d))\b",
        r"\bchest pains?\b|\bpains? in (?:my|his|her|their) chest\b|\bslurring (?:his|her|their|my) "
        r"(?:words|speech)\b",
        # the signs of a stroke in everyday words: face, speech, arm
        r"\b(?:face|mouth|smile|eye|eyelid) (?:(?:is|has|have|looks|look|looking|gone|all|a bit|bit|kind of|"
        r"sort of|suddenly|just) ){0,3}(?:drooping|droopy|dropped|drooped|fallen|slumped|lopsided|wonky)\b",
        r"\bone side of (?:his|her|their|my) (?:face|mouth|body)\b",
        r"\b(?:talking|speaking|spouting|saying) (?:\w+ )?gibberish\b|\b(?:speech|words|talking) (?:is |are "
        r")?(?:all )?(?:slurred|slurring|garbled|jumbled|muddled|coming out wrong)\b|\bslurred speech\b",
        r"\b(?:cannot|can not|could not) (?:get (?:his|her|their|my) words out|find (?:his|her|their) "
        r"words|lift (?:his|her|their|my) (?:left |right )?arm)\b",
        r"\ballergic reaction\b|\b(?:throat|tongue) (?:is )?(?:closing|swelling)\b|\bepi ?pen\b",
        r"\b(?:giving birth|in labour|(?:her|my) waters (?:have )?broke(?:n)?|baby is coming)\b",
        r"\basthma attack\b",
        # symptoms that cannot wait, whatever the cause
        r"\beyes (?:are |keep )?(?:rolling|rolled)\b|\b(?:convulsing|twitching uncontrollably|hypothermic|"
        r"concussed)\b|\bbone (?:is )?sticking out\b",
        r"\b(?:ket|ketamine|spice|heroin|coke|cocaine|crack|mdma|molly|ecstasy|pills|xanax|fentanyl|gbl|ghb|"
        r"drugs|something)\b.{0,80}?\b(?:shaking|fitting|foaming|not making (?:any )?sense|drowsy|blue|"
        r"cannot wake|will not wake|not responding|unconscious|collapsed|convulsing|twitching|overheating|"
        r"cannot breathe|struggling to breathe)\b",
        r"\b(?:overdose|overdosed|taken|took)\b.{0,60}?\b(?:very |really )?drowsy\b",
        # a diabetic going low or high: shaky, sweaty, confused, will not eat
        r"\b(?:diabetic|diabetes|insulin|hypo|blood sugar|sugar levels?|sugars)\b.{0,80}?\b(?:shaking|"
        r"shaky|faint|dizzy|light headed|woozy|sweating|sweaty|clammy|confused|drowsy|not making (?:any )?"
        r"sense|slurring|cannot wake|will "
        r"not wake|not responding|unresponsive|passed out|fitting|grey|pale|(?:cannot|can not) get (?:him|"
        r"her|them) to (?:eat|drink))\b",
        r"\b(?:shaking|shaky|sweating|sweaty|clammy|confused|drowsy|not making (?:any )?sense|slurring)\b"
        r".{0,80}?\b(?:diabetic|diabetes|insulin|hypo|blood sugar|sugar levels?)\b|\bhaving (?:a )?hypo\b",
        r"\b(?:cannot|can not|could not) get (?:him|her|them) to (?:wake|respond|open (?:his|her|their) eyes|"
        r"breathe|sit up)\b",
        # two signs of collapse together: "shaking and sweating", "clammy and confused"
        r"\b(?:shaking|shivering|sweating|clammy|confused|drowsy|grey|pale|vomiting|faint|dizzy|shaky) and "
        r"(?:\w+ )?(?:sweating|clammy|confused|drowsy|grey|pale|slurring|not making sense|cannot stand|"
        r"shaking|shaky|faint|dizzy)\b",
        # taken ill with nobody there to help: "feel really faint and shaky and on my own"
        r"\b(?:faint|dizzy|light headed|shaky|shaking|confused|cannot stand|collapsing|chest pains?|cannot "
        r"breathe|can not breathe)\b.{0,60}?\b(?:on my own|alone|by myself|no one (?:here|else|with me|is "
        r"here)|nobody (?:here|else|with me|is here)|on (?:his|her|their) own)\b",
    )),
    # Something poisonous swallowed: a household product by anyone, someone else's pills by a child.
    ("injury", "injury.poisoned",
     f"drank drunk drink swallow ate eaten eat chew bit lick suck neck down {_CHILD_CUES}", (
        r"\b(?:drank|drunk|drinking|swallowed|swallowing|ate|eaten|eating|chewed|chewing|bit into|bitten "
        r"into|licked|sucked|sucking|necked|downed) (?:\w+ ){0,4}?(?:bleach|cleaner|cleaning (?:liquid|fluid|"
        r"products?|stuff|spray|tablets?)|detergent|(?:washing|dishwasher|washer|laundry|washing up) "
        r"(?:liquid|tablets?|pods?|capsules?|powder)|washing capsules?|liquitabs?|antifreeze|anti freeze|"
        r"weed ?killer|white spirit|turps|chemicals?|poison|methadone|(?:vape|e) liquid|(?:drain|oven|"
        r"toilet) cleaner|button batter(?:y|ies)|batter(?:y|ies)|magnets?|rat poison|slug pellets|lighter "
        r"fluid|nail varnish remover)\b",
        # "his tablets" are a child's own medicine; "some of my tablets", "nans pills" are not
        rf"\b{_CHILD}\b.{{0,60}}?\b(?:drank|drunk|swallowed|ate|eaten|chewed|got into|had|taken|took|necked|"
        r"downed) (?:some of |a few of |loads of |lots of |all of |all |the whole |a whole |a handful of |a "
        r"packet of |a box of |a bottle of |\d+ |(?:my|mums|dads|nans|grans|grandmas|grandads|the|a) )(?:\w+ "
        r")?(?:pills|tablets|meds|medicine|medication|capsules|paracetamol|ibuprofen|painkillers|vitamins|"
        r"sleeping tablets|antidepressants|methadone|gummies|edibles)\b(?! (?:to|into|out|away|back|with)\b)",
        rf"\b{_CHILD}\b.{{0,60}}?\bgot into (?:the|my|her|his|their|a|mums|dads|nans) (?:\w+ )?(?:medicine|"
        r"medicines|cleaning|chemical|chemicals|bleach|tablet|tablets|pill|pills|meds) (?:cupboard|cabinet|"
        r"drawer|box|bag|bottle|packet|stuff)\b",
    )),
    ("injury", "injury.hurt",
     "hurt injur wound burn broken broke hit bang smash head", (
        rf"\b(?:{_SUBJECT}|i|we) (?:(?:is|are|am|has|have|been|was|were|got|looks|seems|appears|appear|to|"
        r"may|might|must|probably|possibly|just) ){0,5}(?:badly |seriously |really |very |quite |severely |"
        r"critically )?(?:hurt|injured|wounded)\b",
        r"\b(?:hurt|injured|wounded|burnt|burned) (?:quite |really |very |so |pretty )?(?:badly|bad|"
        r"seriously|severely)\b",
        r"\b(?:serious|severe|bad|head|critical|life threatening|major) (?:injury|injuries|burns|wounds?)\b",
        r"\bbroken (?:neck|back|leg|legs|arm|arms|bones?|skull|ribs?|jaw|hip)\b",
        r"\b(?:broke|broken|fractured|smashed|busted) (?:my|her|his|their|your) (?:nose|jaw|arm|arms|ribs?|"
        r"leg|legs|wrist|fingers?|cheekbone|eye socket|skull|teeth)\b",
        r"\b(?:hit|banged|smashed) (?:his|her|their|my) head\b",
    )),
    # Fire.
    ("fire", "fire.on_fire",
     "fire alight ablaze flame burn arson explo firework petrol lit rag letter pour splash spray threw throw "
     "fuel accelerant lighter paraffin smok spark melt", (
        r"\b(?:on fire|set fire|setting fire|set alight|setting alight|ablaze|in flames|burning down|burnt "
        r"down|burned down|caught fire|catching fire|fire spreading|arson|arsonist|explosion|exploded)\b|"
        r"\b(?:up in|going up in|gone up in|went up in|into) flames\b|\balight\b(?! (?:from|at|here)\b)",
        r"\bflames (?:are )?(?:coming|pouring|shooting|everywhere|from)\b",
        r"\b(?:house|home|flat|building|car|van|lorry|bus|shop|school|garage|shed|roof|kitchen|room|bin|bins|"
        r"block|tower|property|place|everything|it|field|woods|barn|hedge|bedroom|loft) (?:is |are "
        r")?(?:burning|alight)\b",
        r"\bsomething burning\b|\bsmell (?:of )?burning\b",
        r"\b(?:firework|fireworks|petrol|lit|burning|fire|flaming|rag)\b.{0,40}?\bletter ?box\b",
        r"\b(?:poured|pouring|splashed|sprayed|threw|throwing) (?:petrol|fuel|accelerant|lighter fluid|"
        r"paraffin)\b",
        # an appliance or battery about to go up
        r"\b(?:dryer|washing machine|oven|cooker|plug|socket|wires|wiring|engine|bonnet|charger|battery|e "
        r"?bike|scooter|microwave|tv|telly|boiler|fuse box|kettle|toaster|heater|fridge|laptop|vape|meter) "
        r"(?:is |are |keeps )?(?:smoking|sparking|melting|on fire|catching fire|exploding)\b",
    )),
    ("fire", "fire.smoke", "smoke alarm", (
        r"\bsmoke (?:is |was )?(?:pouring|coming|billowing|bellowing|everywhere|filling|from|out|rising|in "
        r"the|all over)\b",
        r"\b(?:lot|lots|loads|full|filled with|filling with|filling up with|thick|black|plumes?|cloud) (?:of "
        r")?smoke\b|\bsmell (?:of )?smoke\b",
        r"\b(?:smoke|fire) alarms? (?:is |are )?(?:going off|sounding|ringing)\b",
    )),
    ("fire", "fire.fire", "fire", (
        # "a fire", "fire!", but not "fire safety" or "the fire brigade"
        r"(?:\b(?:there is a|there is|a big|big|massive|huge|house|car|bin|chip pan|kitchen|electrical|grass|"
        r"a|the) fire\b|^fire\b)(?! (?:safety|alarms?|exits?|doors?|stations?|brigade|services?|"
        r"extinguishers?|drill|risk|check|escape|engines?|hydrant|blanket|officers?|fighters?|and rescue|"
        r"certificate|regulations|pit|place|works|wood|department|investigation|report|damage)\b)",
        r"\bfire (?:next door|in|at|on|upstairs|downstairs|spreading|outside|inside|here|now|right now)\b",
    )),
    # Crimes happening now, or just done with the offender close by.
    ("in_progress", "in_progress.break_in",
     "break broke try tried door forc bang hammer kick smash pound bash handle rattl turn climb attempt "
     f"lever prising prised prying pried jemm crowbar {_ABUSER_CUES}", (
        r"\b(?:breaking in|breaking into)\b",
        r"\bbreak in (?:progress|happening|going on|now|right now|next door)\b",
        r"\b(?:trying|tried) to (?:get|break|force|kick|climb|smash|push|pry|prise|jemmy) (?:\w+ )?(?:in|"
        r"through|down|open)\b(?! (?:touch|contact)\b)",
        r"\b(?:trying|tried|attempting) (?:to )?(?:get|break|force|kick|climb|smash|push|pry|prise|jemmy|"
        r"open|lever|crowbar|pick|unscrew|bust) (?:\w+ )?(?:open )?(?:my|the|our|his|her) (?:\w+ )?(?:door|"
        r"doors|window|windows|house|home|flat|car|garage|shed|gate|van|lock|locks|patio|conservatory)\b",
        r"\b(?:trying|tried) to (?:break|get) into (?:cars?|vans?|houses?|sheds?|garages?|flats?)\b",
        r"\btrying (?:the |car |people s ){0,3}(?:door )?handles\b|\btrying (?:car |house |front |back "
        r")?doors\b",
        r"\b(?:trying|rattling|turning|tried|rattled) (?:the|my|our) (?:\w+ )?(?:doors?|door handles?|"
        r"handles?|windows?|locks?|gates?)\b|\b(?:door|window) handles? (?:is |are |keeps )?(?:moving|"
        r"turning|rattling|going|being tried|being turned)\b",
        # a tool at the door or window: "levering the patio doors", "prising a window open"
        r"\b(?:levering|levered|prising|prised|prying|pried|jemmying|jemmied|crowbarring) (?:\w+ "
        r"){0,3}?(?:doors?|windows?|locks?|gates?|shutters?|patio)\b",
        # a person (not the dog, not the kids fetching a ball) over the fence or wall as it happens
        rf"\b{_ABUSER} (?:(?:has|have|is|are|just|been) ){{0,3}}(?:climbed|climbing|jumped|jumping|scaled|"
        r"scaling|hopped|hopping|vaulted|got|getting|come|came|coming) over (?:my|our|the|next doors|the "
        r"neighbours) (?:\w+ )?(?:fence|wall|gate)\b",
        r"\bdoor (?:(?:is|has|been|was) ){0,3}(?:smashed|kicked|broken|forced) (?:in|open|down)\b",
        r"\bforcing (?:the|my|our|a) (?:door|window|lock)\b",
        r"\bforc(?:ing|ed) (?:his|her|their|a) way in(?:to)?\b",
        r"\b(?:banging|hammering|kicking|smashing|pounding|bashing) (?:(?:on|at|in|down) )?(?:my|the|our) "
        r"(?:front |back )?(?:door|doors|window|windows)\b",
        r"(?<!keep )(?<!keeps )(?<!always )\bclimb(?:ing|ed)? (?:in|into|through|over|up|onto|on|out of) "
        r"(?:the|a|my|our|their|his|her|next "
        r"doors|neighbours|the neighbours|someones) (?:\w+ ){0,2}?(?:window|windows|balcony|roof|drainpipe|"
        r"scaffolding|garage)\b",
    )),
    ("in_progress", "in_progress.intruder",
     "burglar intruder prowler burgl man men woman women guy lad bloke person people stranger someone "
     "somebody youth figure shadow gang group hear heard glass window smash break moving walking creep "
     "rummag footstep balaclava mask broke forc kick torch light he she they stand stood hid lurk crouch sit "
     "sat creep prowl wander climb", (
        r"\b(?:burglars?|intruders?|prowler|burgling|(?:being|getting) burgled)\b(?! alarms?\b)",
        r"\bburglary (?:in progress|happening|going on|now)\b",
        # someone in a home or on a property; the article may be missing ("man in my house")
        r"\b(?:(?:a|an|the|some|two|three|\d+) )?(?:man|men|woman|women|guy|guys|lad|lads|bloke|person|"
        r"people|stranger|strangers|intruder|intruders|youths?|someone|somebody|figure|figures|gang|"
        r"group)(?: (?:is|are|was))?(?: (?:stood|standing|hiding|lurking|sitting|sat|walking|moving|creeping|"
        r"climbing|wandering|running|crouching))?(?: (?:about|around|round))? (?:in|inside|downstairs in|"
        r"upstairs in|trying to get into|climbing into|climbing over|on the roof of|at the back of) (?:my|"
        r"our|the|next doors|my neighbours|the neighbours|neighbours|his|her|their|someones) (?:back |front |"
        r"rear )?(?:house|home|flat|garden|gardens|room|bedroom|kitchen|shed|garage|loft|property|building|"
        r"yard|car|van|attic|porch|hallway|drive|driveway|school|shop|church|warehouse|office|unit)\b(?! "
        r"(?:park|above|below|opposite|upstairs|downstairs|next door|across)\b)",
        r"\b(?:hear|heard|hearing) (?:a |some |two |2 )?(?:someone|somebody|people|footsteps|voices|men|"
        r"man|woman|strangers?|noises|movement|whispering|talking) (?:moving |talking |walking |creeping "
        r")?(?:about |around )?(?:downstairs|upstairs|in (?:my|the|our))\b",
        # someone who has got in: "he has broken in through the back"; not "my car has been broken into"
        rf"\b(?:{_SUBJECT}|burglars?|intruders?) (?:(?:has|have|is|are|just) ){{1,2}}(?:broken|broke|got|"
        r"smashed|forced|kicked|climbed|let (?:himself|herself|themselves)) (?:(?:his|her|their) way )?in\b"
        r"(?! (?:touch|contact|trouble|a|an|the|with|to|on|early|late|first)\b)",
        r"\b(?:smashed|broke|broken|forced|kicked) (?:\w+ ){0,3}(?:and|then) (?:is|are|got|went|came|"
        r"climbed) (?:still )?(?:in|inside)\b",
        r"\b(?:hear|heard|hearing)\b (?:\w+ ){0,4}?(?:glass|window|windows|door) (?:\w+ )?(?:smash|smashing|"
        r"smashed|break|breaking|shatter|shattering|being smashed|being broken|being kicked)\b",
        r"\b(?:moving|walking|creeping|rummaging|footsteps) (?:about |around )?(?:downstairs|upstairs|in the "
        r"(?:loft|attic|garage|hall|hallway|next room|other room))\b",
        r"\b(?:torch|torches|torchlight|lights?) (?:\w+ ){0,2}?(?:moving|flashing|going) (?:about |around "
        r")?(?:in|inside) (?:my|the|our|next doors|my neighbours|the neighbours|neighbours|their) (?:house|"
        r"flat|home|shop|garage|loft|building)\b",
        r"\bbalaclavas?\b|\bmasked (?:man|men|people|gang|youths|lads|person|intruders?|robbers?)\b|\b(?:men|"
        r"lads|people|guys) in masks\b",
        # described before placed: "someone in a hoodie standing in my garden"
        r"\b(?:someone|somebody|man|men|woman|guy|guys|lad|lads|bloke|person|people|stranger|strangers|"
        r"figure|youths?|gang|intruder) (?:\w+ ){1,6}?(?:standing|stood|hiding|lurking|crouching|crouched|"
        r"sitting|sat|creeping|prowling|wandering|climbing) (?:about |around )?(?:in|inside|on) (?:my|our|"
        r"the|next doors|the neighbours|my neighbours) (?:back |front |rear )?(?:garden|yard|drive|driveway|"
        r"porch|house|flat|roof|shed|garage|balcony|loft|hallway|stairs|landing)\b(?! (?:wall|fence|gate)\b)",
        # someone on the way up to them: "hurry hes coming up the stairs"
        r"\b(?:he|she|they|someone|somebody|man|men|intruders?|burglars?|stranger) (?:is|are) (?:\w+ "
        r")?(?:coming|creeping|walking|running|climbing|heading|on (?:his|her|their) way) (?:up|down) (?:the "
        r")?(?:stairs|ladder|landing)\b|\bcreeping (?:up|down|about on) the stairs\b",
    )),
    ("in_progress", "in_progress.robbery",
     "being getting rob mug burgl steal nick hotwir raid trying about robbery burglary break theft attack "
     "assault crime shoplift ram armed smash car jack loot siphon strip load held carry tak wheel mov "
     "did never door window lock", (
        r"\b(?:being|getting) (?:robbed|mugged|burgled|held up|carjacked|stolen|nicked|broken into)\b",
        # "someone keeps stealing my parcels" is a report, not a crime in progress
        r"(?<!keeps )(?<!keep )(?<!been )(?<!always )\b(?:robbing|mugging|burgling|stealing|nicking|"
        r"hotwiring|raiding) (?:me|us|her|him|them|my|our|the|his|a|an|cars?|bikes?|from|it|everything|"
        r"stuff)\b",
        r"\b(?:trying to|about to) (?:steal|nick|take|rob|mug|drive off with|drive away with) (?:my|our|the|"
        r"his|her|a|an|me|us|him|them|cars?|bikes?)\b",
        r"\b(?:robbery|burglary|break in|theft|mugging|raid|ram raid|attack|assault|crime|shoplifting) (?:is "
        r")?(?:in progress|happening|going on|taking place|underway)\b",
        r"\b(?:ram raid|armed robbery|smash and grab|car ?jacking|carjacked|looting|looters)\b",
        r"\b(?:stealing|siphoning|nicking|robbing|stripping|breaking into|loading up)\b.{0,60}?\b(?:right "
        r"now|as we speak|at the moment)\b",
        r"\b(?:loading|carrying|taking|wheeling|moving) (?:\w+ ){0,5}?(?:out of|into|from) (?:\w+ "
        r"){0,3}?(?:van|car|house|flat|shed|garage|truck)\b.{0,60}?\b(?:(?:are|is) (?:on holiday|away)|not "
        r"(?:home|in)|in hospital|at work)\b",
        # signs of a way in that the owner did not make
        r"\b(?:i|we) (?:definitely )?(?:did not|never) (?:leave|left) (?:it|the (?:\w+ )?(?:door|window|"
        r"gate)) open\b|\b(?:door|window|lock) (?:has been |is |was )?(?:forced|jemmied|prised) (?:open)?\b",
    )),
    ("in_progress", "in_progress.just_happened", "just", (
        r"\b(?:just|only just|literally just) (?:(?:been|got|had|have|has|was|were|tried to) ){0,3}(?:mugged|"
        r"robbed|burgled|attacked|assaulted|stabbed|shot|punched|beaten|beaten up|beat up|jumped|threatened|"
        r"broken into|broke into|broken in|broke in|carjacked|raped|kidnapped|abducted|stolen|nicked|"
        r"snatched|smashed|stole|took|snatch|rob|mug|steal|grab|grabbed|held up|pickpocketed|hijacked|pulled "
        r"a (?:knife|gun|blade) on|yanked|ripped|swiped|pulled)\b(?! (?:up|over|out of bed|in)\b)",
        r"\bjust had (?:my|our|his|her) (?:\w+ ){0,2}?(?:stolen|nicked|snatched|taken|grabbed|robbed|ripped|"
        r"yanked|pulled|swiped|pinched|torn)\b",
    )),
    # A crime or attack and a word that says it is still going on, in either order.
    ("in_progress", "in_progress.crime_now", f"{_CRIME_CUES} {_STILL_CUES}", (
        rf"\b{_CRIME_WORD}\b.{{0,100}}?\b{_STILL_GOING_ON}\b",
        rf"\b{_STILL_GOING_ON}\b.{{0,100}}?\b{_CRIME_WORD}\b",
    )),
    # The offender running off in a direction: it has only just happened.
    ("in_progress", "in_progress.offender_fleeing",
     "stole stolen took taken grab snatch nick rob mug attack hit punch stab assault broke smash threat "
     "pull rip yank swipe pinch", (
        r"\b(?:stole|stolen|took|taken|grabbed|snatched|nicked|robbed|mugged|attacked|hit|punched|stabbed|"
        r"assaulted|broke|smashed|threatened|pulled a (?:knife|gun|blade)|ripped|yanked|swiped|pinched)\b"
        r".{0,80}?\b(?:ran|run|running|went|gone|going|headed|heading|drove|driven|sped|speeding|cycled|"
        r"cycling|pedalled|pedalling|rode|riding|made off|legged it|walked|walking|jogged|jogging|sprinted|"
        r"sprinting|bolted|fled|fleeing|off|away) (?:off |away |out )?(?:towards|down|up|along|into|in the "
        r"direction of|through|across|onto|round) (?!to\b)(?:the |a |an |their |his |her )?\w+",
    )),
    ("in_progress", "in_progress.offender_nearby", "still can see", (
        rf"\b(?:{_SUBJECT}|thief|thieves|robbers?|burglars?|offenders?|attackers?|muggers?|suspects?|"
        r"culprits?|gang) (?:is |are )?still (?:here|there|around|nearby|outside|inside|about|hiding|in "
        r"sight|watching|at the scene|round the corner|around the corner|down the road|up the road|on the "
        r"(?:street|road|scene|premises|estate)|in (?:the|my|our) (?:house|home|flat|garden|street|road|area|"
        r"building|shop|store|car park|park|estate|property))\b",
        rf"\b{_CRIME_WORD}\b.{{0,80}}?\b(?:i|we) can (?:still )?see (?:him|her|them|the (?:\w+ )?(?:man|men|"
        r"guy|lads|thief|thieves|car|van))\b",
    )),
    ("in_progress", "in_progress.offender_hanging_about", "hang wait lurk", (
        r"\b(?:he|she|they) (?:is|are) (?:still )?(?:hanging|waiting|lurking) (?:about|around|outside|"
        r"nearby)\b",
    )),
    ("in_progress", "in_progress.followed",
     "follow chas stalk watch tail behind keep kept slow pull stop crawl kerb same see spot notic bump", (
        r"\b(?:keeps|kept|keep|is|are|been|has been|started) (?:\w+ )?(?:slowing down|slowing|pulling up|"
        r"stopping|crawling|kerb crawling) (?:next to|beside|alongside|near|by|behind) (?:me|us|her|him|them|"
        r"my|our)\b|\bkerb crawl(?:ing|er)\b",
        # the same stranger turning up wherever they go
        r"\b(?:keep|keeps|kept) (?:on )?(?:seeing|spotting|noticing|bumping into) (?:the same|this|that|a) "
        r"(?:\w+ ){0,2}?(?:man|men|guy|guys|bloke|woman|person|people|lad|lads|car|van|face)\b",
        r"\bsame (?:man|men|guy|guys|bloke|woman|person|people|lad|lads|car|van|face) (?:\w+ "
        r"){0,4}?(?:everywhere|all day|behind (?:me|us)|following|wherever|every time (?:i|we) (?:go|turn|"
        r"look))\b",
        r"\b(?:being|getting|been|am|is|are) (?:followed|chased|stalked|watched)\b",
        # not "following me on instagram"
        r"\b(?:following|chasing|stalking|tailing) (?:me|us|her|him|them|my|our|girls|women|kids|children|"
        r"people|boys|schoolgirls|students|a (?:girl|woman|child|kid|boy))\b(?! on (?:instagram|insta|"
        r"twitter|tiktok|facebook|snapchat|social media|x|youtube|twitch)\b)",
        rf"\b{_SUBJECT} (?:(?:is|are|keeps|has|been) ){{0,3}}(?:followed|chased) (?:me|us|her|him|them|my|"
        r"our)\b",
        r"\b(?:followed|following) (?:me|us|her|him) (?:for|since|from|all the way|home|round|around|"
        r"everywhere|into|onto|off)\b",
        r"\b(?:walking|walked|running|driving|cycling|riding|creeping|keeps walking|been|is|keeps|kept|"
        r"stayed|staying|still) (?:right |close |just |really close )?behind (?:me|us|her|him|my \w+)\b(?! "
        r"in (?:the|a) (?:queue|line)\b)",
    )),
    ("in_progress", "in_progress.damage", "smash trash wreck throw chuck break kick putting brick", (
        r"\b(?:smashing|trashing|wrecking) (?:up )?(?:my|the|our|his|her|their|everything|things|windows|"
        r"cars?|it)\b",
        r"\b(?:throwing|chucking) (?:bricks|stones|rocks|things|stuff|furniture|bottles|eggs|fireworks) "
        r"(?:at|through|into)\b",
        r"\b(?:breaking|smashing|kicking in|putting through|bricking) (?:the|my|our|his|her|their|all the) "
        r"(?:\w+ )?(?:windows?|doors?|windscreen)\b",
    )),
    ("in_progress", "in_progress.dangerous_driver",
     "drink drunk drug stoned intoxicat driv drove pissed high hammered wasted steaming paralytic legless "
     "smashed plastered trollied bladdered out off been had car swerv weav veer zig all asleep fell pint "
     "drift beer can bottle glass shot vodka unit after downed sank necked over barely hardly could unable "
     "left leav come came coming pull stagger stumble reversed audi bmw merc vauxhall corsa golf range "
     "transit lorry truck bus vehicle taxi motorbike van", (
        r"\b(?:drink|drunk|drunken|drug|drugged|stoned|intoxicated) (?:driver|drivers|driving)\b",
        r"\bdriv(?:ing|e|er|es) (?:(?:while|whilst|when) )?(?:drunk|pissed|high|intoxicated|over the limit|"
        r"under the influence|off (?:his|her|their) face|on drugs|wasted|hammered)\b",
        r"\b(?:drunk|pissed|intoxicated|over the limit|hammered|wasted|steaming|paralytic|legless|smashed|"
        r"plastered|trollied|bladdered|out of it|off (?:his|her|their) (?:face|head))\b.{0,40}?\b(?:driving|"
        r"drive|drove off|behind the wheel|car keys|(?:get|got|getting) (?:in|into) (?:his|her|their|the|a) "
        r"car|reversed|reversing|pulled out|pulling out|pulled off|set off|setting off|sped off|driven "
        r"off)\b",
        r"\bdriv(?:ing|er)\b.{0,40}?\b(?:drunk|pissed|intoxicated|over the limit|hammered|wasted|steaming|"
        r"paralytic|legless|plastered|trollied|bladdered)\b",
        r"\b(?:been drinking|had a drink|had a few|had (?:\d+|a few|several|loads of) (?:pints|drinks|"
        r"beers))\b.{0,40}?\b(?:driving|drive|behind the wheel|drove off)\b",
        r"\b(?:in|into) (?:the|his|her|their|a) car\b.{0,60}?\b(?:been drinking|is drunk|had a drink|over "
        r"the limit)\b",
        r"\b(?:had|drank|drunk|downed|sank|necked|after|drinking) (?:\w+ ){0,3}?(?:pints|beers|cans|shots|"
        r"vodkas|drinks|units|bottles of wine|glasses of wine)\b.{0,60}?\b(?:driving|drive|drove|behind the "
        r"wheel|car keys|(?:get|got|getting) (?:in|into) (?:his|her|their|the|a) car)\b",
        # driving that is dangerous now, drunk or not
        r"\b(?:swerving|weaving|veering|zig ?zagging) (?:all over|across|between|in and out|from side to "
        r"side|onto|into|about|around|left and right|everywhere|on and off)\b|\ball over the road\b",
        r"\basleep at the wheel\b|\bfell asleep (?:driving|at the wheel)\b|\bdriver (?:looks |is |seems "
        r")?(?:asleep|unconscious|slumped|passed out)\b",
        r"\bdrifting (?:into|across|between|over|onto|in and out)\b",
        r"\b(?:driving|drove|speeding|racing) (?:\w+ )?(?:on|along|down|up) the (?:pavement|footpath)\b",
        # a driver too far gone to walk: "the driver could barely walk"
        r"\b(?:barely|hardly|could not|cannot|can not|unable to|can barely|could barely|can hardly|could "
        r"hardly) (?:walk|stand|stand up|stay upright|keep (?:his|her|their) eyes open|see "
        r"straight)\b.{0,80}?\b(?:drive|driving|drove|driven|behind the wheel|car keys|in (?:his|her|their|"
        r"the|a) car|sped off|set off)\b",
        r"\b(?:driver|driving|drove|drive|behind the wheel)\b.{0,80}?\b(?:barely|hardly|could not|cannot|can "
        r"not|unable to) (?:walk|stand|stand up|stay upright|keep (?:his|her|their) eyes open|see "
        r"straight)\b",
        # just out of the pub and driving badly
        r"\b(?:left|leaving|come out of|came out of|coming out of|pulled out of|pulling out of|drove out of|"
        r"driving out of|reversed out of|staggered out of|stumbled out of) (?:the )?(?:pub|bar|club|"
        r"wetherspoons|spoons|party|social club|working mens club)\b.{0,80}?\b(?:swerving|weaving|veering|"
        r"drove off|driving|sped|speeding|screeched|wheelspin|drunk|wasted|pissed|hammered|smashed|"
        r"steaming)\b",
        # a vehicle all over the place, not one swerving to avoid something
        r"\b(?:car|van|lorry|truck|driver|motorbike|bus|vehicle|taxi|audi|bmw|mercedes|merc|vauxhall|corsa|"
        r"golf|range rover|transit)\b.{0,40}?\b(?:swerving|weaving|veering|drifting)\b(?! to avoid\b)",
    )),
    ("in_progress", "in_progress.wrong_way", "wrong", (
        r"\b(?:wrong way|wrong side) (?:on|down|up|along) (?:the )?(?:motorway|dual carriageway|m\d+|a\d+)\b",
        r"\bdriving (?:the )?wrong way\b",
    )),
    ("in_progress", "in_progress.bank_escort",
     "bank cash atm building post courier taxi someone man woman making forcing pressur made forced order "
     "withdraw tell told instruct get getting draw at outside pos pretend claim says saying scam con "
     "defraud push", (
        r"\b(?:being|been|getting) (?:taken|driven|escorted|forced|marched|made to go|pressured to go) (?:to|"
        rf"into) (?:the|a|her|his|their|my) {_BANK}\b",
        # a stranger takes them; "I'm taking my mum to the bank" is not this
        r"\b(?:someone|somebody|they|he|she|scammers?|fraudsters?|(?:a|an|some|this|the) (?:\w+ )?(?:man|"
        r"woman|guy|person|bloke|stranger|courier|taxi driver|builder|workman|caller|policeman|police "
        r"officer)) (?:(?:is|are|has|have) )?(?:taking|taken|driving|forcing|escorting|marching|took|drove) "
        rf"(?:\w+ ){{0,3}}?(?:to|into) (?:the|a) {_BANK}\b",
        r"\b(?:making|forcing|pressuring|made|forced) (?:\w+ ){1,3}(?:to )?(?:go|drive|walk|get a taxi) to "
        rf"(?:the|a) {_BANK}\b",
        r"\b(?:courier|taxi|someone|a man|a woman) (?:is )?(?:coming|on (?:his|her|their|the) way) to "
        r"(?:collect|pick up) (?:my|her|his|their|the) (?:\w+ )?(?:card|cards|money|cash|gold|jewellery|bank "
        r"card|pin|savings)\b",
        r"\b(?:at|outside) (?:the|her|his|my|our|their) (?:\w+ )?(?:front )?door to (?:collect|pick up|"
        r"take) (?:my|her|his|their|the) (?:\w+ )?(?:card|cards|money|cash|gold|jewellery|pin|savings|"
        r"watch|valuables)\b",
        # someone posing as the police or the bank who is on the way, at the door or on the line now
        r"\b(?:posing as|pretending to be|claiming to be|claims to be|says (?:he|she|they) (?:is|are)|saying "
        r"(?:he|she|they) (?:is|are)) (?:from )?(?:the |a |an )?(?:police|policeman|police officer|officer|"
        r"detective|bank|fraud team)\b.{0,80}?\b(?:at (?:the|her|his|my|our) (?:\w+ )?(?:front )?door|"
        r"outside|on (?:his|her|their|the) way|coming (?:round|over|to)|in (?:the|her|his|my|our|their) "
        r"(?:\w+ )?(?:house|flat|home|kitchen|living room|lounge|front room|hallway)|right now|as we "
        r"speak)\b",
        r"\b(?:being|getting) (?:scammed|conned|defrauded)\b.{0,60}?\b(?:right now|as we speak|at the "
        r"moment|now)\b|\b(?:right now|as we speak|at the moment)\b.{0,60}?\b(?:being|getting) (?:scammed|"
        r"conned|defrauded)\b",
        # a caller posing as the police or the bank sends them to withdraw cash
        r"\b(?:call|called|rang|phone|caller|told|police|scam)\b.{0,80}?\b(?:going|gone|heading|driving|"
        rf"about to go|go|walking|on (?:her|his|my|their) way) to (?:the|a) {_BANK}\b",
        # someone talked into moving money while it happens: "telling him to move his savings"
        r"\b(?:making|forcing|pressuring|ordering|instructing|telling|pushing) (?:\w+ ){0,8}?(?:to "
        r")?(?:transfer|move|send|put) (?:\w+ ){0,3}?(?:money|savings|cash|funds|pension|everything|"
        r"\d+)\b",
        # cash put aside for a courier on the way
        r"\b(?:cash|money|cards?|gold|jewellery|savings|pin|valuables|envelope)\b.{0,60}?\bcourier (?:who "
        r")?(?:is |will be )?(?:coming|on (?:his|her|their|the) way|arriving|due|collecting|picking)\b",
        r"\bcourier (?:who )?(?:is |will be )?(?:coming|on (?:his|her|their|the) way|arriving|due) "
        r"\b.{0,60}?\b(?:cash|money|cards?|gold|jewellery|savings|pin|valuables|envelope)\b",
        # someone made to take money out now
        r"\b(?:making|forcing|made|forced|pressuring|pressured|ordering|ordered) (?:\w+ ){0,8}?(?:to "
        r")?(?:withdraw|take out|take money out|take cash out|take (?:\w+ )?money out|get money out|get cash "
        r"out|draw out|hand over)\b(?! (?:my|the|her|his|their|a|an) (?:statement|complaint|claim|"
        r"application|case|allegation|report|consent)\b)",
        r"\b(?:telling|told|instructing|instructed) (?:her|him|them|me|us|my \w+) (?:\w+ ){0,6}?to "
        r"(?:withdraw|take out|take (?:\w+ )?money out|get (?:\w+ )?cash out|transfer|hand over)\b(?! (?:my|"
        r"the|her|his|their|a|an) (?:statement|complaint|claim|application|case|allegation|report|"
        r"consent)\b)",
        r"\b(?:hand|give|handing|giving|pass) (?:the |my |her |his |their )?(?:money|cash|cards?|savings|"
        r"gold|jewellery|it|them) (?:over )?to (?:a|the) courier\b",
        r"\bwithdraw(?:ing)? (?:\w+ ){0,4}?(?:for|to give to|to hand to|to hand over to) (?:a |the )?(?:\w+ "
        r")?(?:police|policeman|officer|detective|courier|caller|man on the phone|bank official)\b",
        # on the way to the bank, and the one who sent them there named after it
        r"\b(?:going|gone|heading|driving|walking|on (?:her|his|my|their) way|in a taxi|getting a taxi|"
        rf"about to go) to (?:the|a|her|his|their) {_BANK}\b.{{0,100}}?\b(?:police|policeman|officer|"
        r"detective|caller|courier|on the phone|claiming to be|claims to be|pretending to be|says (?:he|"
        r"she|they) (?:is|are) from|investigator|hmrc)\b",
        r"\b(?:get|getting|take out|taking out|draw out|drawing out) (?:\w+ ){0,3}?(?:cash|money|savings|"
        r"gold) (?:out )?(?:for|to give to|to hand to|to hand over to) (?:a|the|some|this) (?:\w+ "
        r"){0,2}?(?:courier|caller|policeman|police officer|officer|detective|man on the phone|woman on "
        r"the phone|stranger)\b",
    )),
    # Fraud as it happens. Real police and banks never tell anyone to withdraw cash, buy gift cards or
    # hand money to a courier, so wording that says one of them did is a scam under way.
    ("in_progress", "in_progress.fraud_now",
     "withdraw take taking draw get getting transfer move moving buy buying bought hand give police officer "
     "detective bank fraud hmrc caller courier man woman someone fake bogus pretend so impost wait purchas "
     "send sending read scratch being getting", (
        rf"\b{_SCAM_MOVE}\b.{{0,100}}?\b{_SCAM_ORDER}\b|\b{_SCAM_ORDER}\b.{{0,100}}?\b{_SCAM_MOVE}\b",
        # someone posing as an official who is with them now
        r"\b(?:fake|bogus|pretend|so called|impostor|imposter)\b (?:\w+ )?(?:policeman|police woman|police "
        r"officer|police|officer|detective|cop|bank \w+|official|gas man|meter reader|council \w+|water "
        r"board|workman|workmen|builders?|courier)\b.{0,80}?\b(?:(?:is|are) (?:\w+ ){0,2}?(?:in|inside|at|"
        r"outside|round|here|coming|on (?:his|her|their) way|waiting|sitting|standing)|in (?:my|her|his|"
        r"their|the|our) (?:\w+ )?(?:house|flat|home|living room|lounge|kitchen|front room|hallway))\b",
        r"\bwaiting (?:for (?:her|him|them|me|us|my \w+) )?to (?:bring|get|fetch|hand over|withdraw|come "
        r"back with|go and get) (?:\w+ ){0,2}?(?:cash|money|cards?|pin|savings|jewellery|gold|valuables)\b|"
        r"\bwaiting for (?:her|his|their) (?:\w+ )?(?:cash|money|bank cards?|cards|savings|pin|jewellery|"
        r"gold)\b",
        # gift cards or crypto bought while someone is on the line
        rf"\b{_SCAM_BUY}\b.{{0,80}}?\b{_ON_THE_LINE}\b|\b{_ON_THE_LINE}\b.{{0,80}}?\b{_SCAM_BUY}\b",
        # talked into moving money: "being pressured into transferring his savings"
        r"\b(?:being|getting) (?:talked|pressured|pressurised|persuaded|forced|coerced|told|conned|tricked|"
        r"scared|bullied|manipulated) (?:into|to) (?:buying|buy|sending|send|transferring|transfer|"
        r"withdrawing|withdraw|paying|pay|giving|give|handing|hand|moving|move|getting|get|taking|take) "
        r"(?:\w+ ){0,3}?(?:money|cash|savings|gift cards?|vouchers|crypto|bitcoin|funds|pension|\d+|"
        r"thousands?|grand|pounds|everything|bank details|card details|pin|anydesk|teamviewer|remote "
        r"access)\b",
    )),
    ("in_progress", "in_progress.grooming", "groom", (
        r"\b(?:being|been) groomed\b|\bgrooming (?:my|our|her|him|a|kids|children|girls|boys)\b",
    )),
    ("in_progress", "in_progress.indecent_exposure", "expos flash", (
        r"\bexpos(?:ed|ing) (?:him|her|them)sel(?:f|ves)\b",
        r"\bflashing (?:at )?(?:me|us|kids|children|people)\b",
    )),
    ("in_progress", "in_progress.hate_abuse", "shout scream yell hurl spout call", (
        r"\b(?:shouting|screaming|yelling|hurling|spouting|calling) (?:\w+ ){0,3}?(?:abuse|slurs|insults)\b "
        r"(?:at|to) (?:me|us|her|him|them|my|a|an|the|people|someone|everyone)\b",
    )),
    # A message of one to five words that is only an alarm word: "attacked", "intruder!!", "crash".
    ("in_progress", "in_progress.short_message",
     "attack assault rap kidnap abduct intruder burglar rob mug fight crash accident overdose", (
        r"^(?=\w+(?: \w+){0,4}$)(?!.*\b(?:report|reported|reporting|how|what|where|when|can|could|advice|"
        r"update|number|reference|about|last|ago|yesterday|was|were|crime|claim|insurance|form|club|alarm|"
        r"alarms)\b)(?:\w+ ){0,3}(?:attacked|attack|assaulted|assault|raped|rape|kidnapped|abducted|intruder|"
        r"intruders|burglar|burglars|robbed|robbery|mugged|fight|fighting|crash|accident|overdose)\b",
    )),
    # Threat words without a named harm, below the weapon rules so "threatening me with a knife" names
    # the weapon.
    ("threat", "threat.threatening", "threat death never", (
        r"\b(?:threatening|threatened|threatens) (?:me|us|her|him|them|my|our)\b|\bdeath threats?\b",
        r"\bnever see (?:them|the kids|the children|my kids|my children|my son|my daughter|the baby|my baby|"
        r"him|her) again\b",
    )),
    # Fear, and the person who frightens them being close.
    ("fear", "fear.abuser_here", f"{_ABUSER_CUES} who that restrain order injunction bail not banned barred "
     "forbidden should", (
        # "my ex is sitting in a car opposite my kids school": the car and the place may both be named
        rf"\b{_ABUSER} (?:is|are) (?:(?:now|still|parked|sat|sitting|waiting|standing|stood|hanging about|"
        r"hanging around|right) ){0,2}(?:in (?:a|his|her|their|the) (?:\w+ ){0,2}?(?:car|van|motor) "
        r")?(?:here|back|outside|at (?:my|the|our) (?:front |back )?(?:door|window|house|home|flat|gate|"
        r"work)|(?:outside|opposite|across from|at) (?:my|our|the) (?:\w+ ){0,2}?(?:house|home|flat|door|"
        r"window|work|school|nursery|college|office|workplace)|in (?:my|the|our) (?:garden|house|flat|home|"
        r"drive|driveway)|at the (?:end|top|bottom) of (?:my|our|the) (?:street|road|drive|close|lane|"
        r"garden)|(?:across|over) the (?:road|street)|on (?:my|the same|our) (?:bus|train|tram|street|"
        r"road))\b",
        # "the man who attacked me last month is outside"
        r"\b(?:who|that) (?:\w+ ){0,3}?(?:attacked|hit|hurt|raped|assaulted|stabbed|threatened|robbed|abused|"
        r"stalked|stalks|harasses|harassed|beat|beats|hits|attacks|threatens|mugged|burgled)\b (?:\w+ "
        r"){0,6}?(?:is|are) (?:now |back |still |right )?(?:outside|at (?:my|our|the)|in (?:my|our|the)|here|"
        r"back|nearby)\b",
        # someone breaking a court order by being there
        r"\b(?:restraining order|non molestation order|injunction|bail conditions?)\b.{0,80}?\b(?:is|are) "
        r"(?:outside|here|at (?:my|the|our)|in (?:my|the|our)|back)\b",
        r"\b(?:is|are) (?:outside|here|at (?:my|the|our) (?:door|house|flat|home))\b.{0,80}?\b(?:restraining "
        r"order|non molestation order|injunction|bail conditions?)\b",
        # someone barred from coming near who is near now: "not allowed near us" and "sitting outside"
        rf"\b{_BARRED}\b.{{0,100}}?\b{_NEAR_NOW}\b|\b{_NEAR_NOW}\b.{{0,100}}?\b{_BARRED}\b",
    )),
    ("fear", "fear.abuser_refuses_to_go", _ABUSER_CUES, (
        rf"\b{_ABUSER} (?:(?:is|has|just|keeps) ){{0,3}}(?:turned up|showed up|shown up|refusing to "
        r"leave|refuses to leave|will not leave|will not go away|keeps coming round)\b",
        rf"\b{_ABUSER} (?:(?:is|has|have|just) ){{0,2}}(?:found|tracked down|tracked) (?:me|us|where "
        r"(?:i|we) (?:live|am|are))\b",
    )),
    ("fear", "fear.abuser_coming", _ABUSER_CUES, (
        rf"\b{_ABUSER} (?:(?:is|are|said|says|he|she|they) ){{0,3}}(?:coming|on (?:his|her|their) "
        r"way) (?:back|round|over|here|to (?:my|the|our) (?:house|flat|home|work|door))\b",
    )),
    ("fear", "fear.watching",
     "watch star look keep kept been driv walk going circl cruis hang park sit wait is are stood stand sat "
     "lurk loiter peer peep track airtag hid crouch someone somebody man men he she they figure stranger "
     "gaz glar", (
        # a stranger stood at the window or door: "a man stood outside my window for an hour staring in"
        r"\b(?:man|men|guy|guys|bloke|blokes|woman|person|people|someone|somebody|stranger|strangers|"
        r"figure|lad|lads|youths?|he|she|they) (?:(?:is|are|has|have|been|keeps|just) ){0,3}(?:stood|"
        r"standing|sat|sitting|lurking|loitering|hanging about|hanging around|waiting|crouching|hiding) "
        r"(?:right )?(?:outside|at|by|under|near|opposite|in front of|looking (?:in|into|through)|staring "
        r"(?:in|into|at)|peering (?:in|into)) (?:my|our) (?:front |back |bedroom |kitchen |living room "
        r")?(?:window|windows|door|house|home|flat|gate|car|garden|fence|bedroom)\b",
        r"\b(?:staring|peering|peeping|looking|peeking) (?:in|into|through) (?:my|our|the) (?:front |back |"
        r"bedroom |kitchen )?(?:window|windows|letterbox|letter box|curtains)\b|\b(?:staring|peering|"
        r"peeping) in\b",
        r"\b(?:put|placed|fitted|hidden|hid|found|planted|stuck) (?:a |an )?(?:tracker|tracking device|"
        r"airtag|gps tracker|gps) (?:on|in|under|inside)\b",
        r"\b(?:someone|somebody|a man|a car|a van|men|people|he|she|they) (?:(?:is|are|keeps|has|been) "
        r"){0,3}(?:watching|staring (?:at|into)|looking (?:in|into|through)) (?:me|us|my|our|the) ?(?:house|"
        r"home|flat|window|windows)?\b",
        # someone who keeps passing or waiting outside their home
        r"\b(?:keeps|kept|been|has been|have been|is|are) (?:\w+ )?(?:driving|walking|going|circling|"
        r"cruising|hanging around|parked|parking|sitting|waiting) (?:past|outside|near|around|round|by|"
        r"opposite|across from) (?:my|our) (?:house|home|flat|work|school|door|window|place)\b",
        r"\b(?:keeps|kept|been|is|are) (?:\w+ )?(?:circling|cruising round|driving round and round|going "
        r"round and round)\b",
        # someone placed outside and looking up or in: "standing in my garden looking up at my bedroom"
        r"\b(?:stood|standing|sat|sitting|waiting|lurking|loitering|hiding|crouching|someone|somebody|man|"
        r"men|he|she|they|figure|stranger)\b (?:\w+ ){0,6}?(?<!keeps )(?<!keep )(?<!kept )(?<!always "
        r")(?:looking|staring|peering|gazing|glaring) (?:up )?(?:at|"
        r"in at|into|in through|through|towards) (?:my|our) (?:\w+ )?(?:window|windows|bedroom|house|flat|"
        r"door|home)\b(?! (?:on|from) (?:google|rightmove|zoopla|street view|the map|a map)\b)",
    )),
    ("fear", "fear.scared", "scared frightened terrified petrified fearful fear afraid freak panick", (
        r"\b(?:scared|frightened|terrified|petrified|fearful|in fear|fearing|freaked out|freaking out|"
        rf"panicking)\b{_NOT_A_PLACE_FEAR}",
        # not the polite "I'm afraid I don't have my reference"
        r"\bafraid\b(?! (?:i|we|it|that|this|so|not|there|the|you|your)\b| of (?:spiders|heights|the dark|"
        rf"dogs|flying)\b){_NOT_A_PLACE_FEAR}",
    )),
    ("fear", "fear.unsafe", "safe unsafe danger threatened", (
        r"\b(?:i|we|kids|children|my (?:\w+ )?(?:kids|children|family)) (?:(?:am|are|do|does|just) "
        r"){0,2}(?:not|never) (?:feel |feeling )?safe\b",
        r"\bfeel(?:ing)? (?:so |really |very )?(?:unsafe|in danger|threatened)\b|\b(?:i am|we are) (?:not "
        r"safe|unsafe)\b",
    )),
    ("fear", "fear.cannot_leave", "leave escape get out let letting stopping", (
        r"\b(?:cannot|can not|unable to|too scared to|afraid to|scared to) (?:leave|escape|get out)\b(?! "
        r"(?:work|early|until|till|a review|feedback|a message|a voicemail|a comment|of (?:bed|work|the|"
        r"my)))",
        r"\b(?:will not|would not|does not|is not|not) (?:let|letting) (?:me|us|her|him|them) (?:leave|go|"
        r"out|escape|get out)\b",
        r"\bstopping (?:me|us|her|him) (?:from )?leaving\b",
        r"\b(?:will not|would not|does not|is not|not) let go(?: of (?:me|her|him|them|my \w+))?\b",
    )),
    ("fear", "fear.trapped", "lock shut trap barricad hiding", (
        r"\b(?:locked|locking|shut|trapped|trapping|barricaded) (?:me|us|her|him|them|myself|ourselves|"
        r"herself|himself|my (?:\w+ )?(?:kids|children|son|daughter|baby|mum|dad|wife|partner)) (?:in|inside|"
        r"up)\b",
        r"\b(?:i am|we are|am|are|i have|we have|i got) (?:been )?(?:locked|trapped|barricaded) (?:in|"
        r"inside)\b(?! (?:a|an|my|this|the) (?:\w+ )?(?:marriage|relationship|job|contract|cycle|loop|lease|"
        r"tenancy|life)\b)",
        r"\bhiding (?:from|in|under|behind)\b|\b(?:i am|we are) hiding\b",
        # the person they fear locks them all in: "he's locked all the doors and taken the keys"
        rf"\b{_ABUSER} (?:(?:has|is|have|are|just|gone and) ){{0,2}}(?:locked|locking|bolted|barricaded|"
        r"deadlocked) (?:all )?(?:the |every |both )?(?:doors?|windows?|exits?)\b",
    )),
    ("fear", "fear.escaped", "escap got ran run fled managed", (
        r"\b(?:escaped|got away|ran away|run away|fled|managed to get away) from (?:him|her|them|(?:my|the|"
        r"a) (?:\w+ )?(?:husband|partner|boyfriend|girlfriend|ex|dad|father|stepdad|step dad|wife|captors?|"
        r"kidnappers?|attackers?|abuser|man|men))\b",
    )),
    # Texting because speaking would be heard: "cant talk hes in the next room".
    ("fear", "fear.cannot_speak", "talk speak call ring phone hear whisper", (
        r"\b(?:cannot|can not|unable to|too scared to|scared to|afraid to|dare not|daren t) (?:talk|speak|"
        r"call|ring|phone)\b.{0,60}?\b(?:he|she|they|him|her|them) (?:(?:is|are|will|would|might|could|can|"
        r"is going to|right) ){0,2}(?:hear|listening|in the (?:next|other|same) room|next door|downstairs|"
        r"upstairs|in the house|right here|here|find out|see)\b",
        r"\b(?:he|she|they) (?:will|would|might|could|is going to) hear (?:me|us)\b(?! (?:sing|play|out)\b)",
        r"\b(?:texting|messaging|typing|whispering) (?:\w+ )?(?:because|so|as|in case) (?:he|she|they) "
        r"(?:(?:will|would|cannot|can not|does|do|might) )?(?:not )?(?:hear|know|find out)\b",
    )),
    # Asking for help outright.
    ("danger_to_life", "danger.asking_for_help",
     "emergency sos please someone somebody can could send need call ring phone come get hurry help police "
     "ambulance fire 999 112 dial bring", (
        r"\b(?:this is|it is|we have|i have|there is|got|having) (?:an? )?(?:real |genuine |serious |medical "
        r"|police )?emergency\b|^emergency\b|\bsos\b",
        r"\b(?:please|someone|somebody|can you|could you) (?:call|ring|phone|get|send) (?:999|112|the police|"
        r"police|an ambulance|ambulance|the fire brigade|help)\b",
        r"\bsend (?:the |some |an |a )?(?:police|help|ambulance|officers?|cops|police car|unit|units|fire "
        r"brigade|fire engine)\b|\bneed an ambulance\b",
        r"\bsend (?:someone|somebody|anyone|people) (?:now|quick|quickly|fast|asap|right now|immediately|"
        r"urgently|please)\b",
        r"\bneed (?:the )?(?:police|help) (?:now|right now|urgently|asap|quick|quickly|immediately|fast)\b",
        r"\b(?:come|get here|get someone here) (?:quick|quickly|fast|now|asap|right now|immediately|straight "
        r"away|urgently)\b",
        r"\b(?:please|pls) hurry\b|\bhurry (?:up )?please\b|\bhurry$|^hurry\b|\bhurry (?:up )?(?:he|she|"
        r"they|someone|somebody|quick)\b|^(?:please )?come(?: here| now| quick| "
        r"quickly| fast| asap| please){0,3}$",
        r"\b(?:somebody|someone) (?:please )?help\b(?! (?:me |us )?(?:with|to|find|get|understand|fill|sort|"
        r"out|on|in|choose)\b)",
        # a plea and nothing else: "please help", "help me please"; a bare "help" or "help me" asks for the
        # menu and is left alone
        r"^(?:please |someone |somebody )?help(?: me| us)?(?: please| now| quick| quickly| asap| urgently| "
        r"urgent| help| someone| somebody| anyone){1,4}$|^(?:please |someone |somebody ){1,3}help(?: "
        r"me| us)?$",
        # a bare "999", "call 999": this line is not 999, but they think it is
        r"^(?:please )?(?:call |ring |dial |phone )?(?:999|112)(?: please| now| help| asap| urgent){0,3}$",
        r"\b(?:get|bring) (?:the |some )?(?:police|cops|officers|an ambulance|help) (?:here|round|over|to "
        r"me)\b",
        r"^(?:please )?help(?: me| us)?(?: please)? (?:he|she|they|someone|somebody|a man|there is a man|"
        r"there is someone) (?:is|are|has|have|just|got)\b",
        r"^(?:\w+ ){0,2}(?:police|ambulance|fire brigade) (?:please|now|quick|quickly|asap|urgently|urgent|"
        r"needed)\b",
    )),
    ("danger_to_life", "danger.missing_person",
     "missing disappeared vanished wander dementia alzheimer has have did never elderly vulnerable disabled "
     "autis learning confused suicidal depressed diabetic nowhere sign old frail wander pyjama nightie "
     "dressing slipper special down non epilep blind brain", (
        r"\b(?:old|elderly|confused|frail|vulnerable) (?:man|woman|lady|gentleman|person|gent|chap|fella|"
        r"bloke) (?:\w+ ){0,3}?(?:wandering|lost|in (?:his|her|their) (?:pyjamas|nightie|nightdress|dressing "
        r"gown|slippers))\b",
        r"\b(?:wandering|walking) (?:about |around )?(?:in|on|along|down) (?:the )?(?:\w+ )?(?:road|street|"
        r"motorway|carriageway) in (?:his|her|their) (?:pyjamas|nightie|nightdress|dressing gown|slippers)\b",
        r"\b(?:my|our|his|her) (?:\w+ )?(?:mum|dad|mother|father|husband|wife|partner|nan|grandad|grandma|"
        r"grandmother|grandfather|brother|sister|friend|boyfriend|girlfriend|uncle|aunt|auntie) (?:(?:is|has|"
        r"have|had|was|gone|been|went) ){0,4}(?:missing|disappeared|vanished|wandered off)\b(?! (?:school|"
        r"work|his|her|their|the|a|you|me|us|out)\b)",
        r"\bmissing (?:person|people)\b",
        r"\b(?:dementia|alzheimers)\b.{0,60}?\b(?:wandered off|missing|gone out|walked off|left the house|"
        r"got out|not come back|cannot find)\b",
        # someone vulnerable who has not come back
        r"\b(?:elderly|vulnerable|disabled|autistic|learning disabilit\w+|dementia|alzheimers|confused|"
        r"suicidal|depressed|diabetic)\b.{0,160}?\b(?:(?:has not|have not|did not|not|never) (?:returned|"
        r"come back|come home|came back|came home|been seen|been home|back yet)|nowhere to be (?:seen|"
        r"found)|no sign of (?:him|her|them))\b",
        r"\b(?:my|our) (?:\w+ )?(?:mum|dad|mother|father|husband|wife|partner|nan|grandad|grandma|brother|"
        r"sister|boyfriend|girlfriend) (?:has not|have not|did not|never) (?:come|came|got|returned) (?:back "
        r")?home\b",
        # an adult who cannot look after themselves has gone off: "my autistic brother has run off"
        r"\b(?:elderly|vulnerable|disabled|autistic|autism|learning disabilit\w+|learning difficult\w+|"
        r"special needs|downs? syndrome|non verbal|dementia|alzheimers|confused|suicidal|epileptic|blind|"
        r"brain injury)\b.{0,80}?\b(?:run off|ran off|run away|ran away|walked off|wandered off|wandered "
        r"away|bolted|got lost|is lost|gone missing|went missing|disappeared|vanished)\b",
    )),
)  # fmt: skip

# Cue stems are matched against the start of each word, so none may be shorter than this; the longest
# stem bounds how much of a word is looked at (a 4,096-letter "word" must not cost millions of prefixes).
_MIN_CUE = 2
_MAX_CUE = max(len(stem) for _, _, cues, _ in _RULES for stem in cues.split())


def _any_of(alternatives: tuple[str, ...]) -> str:
    return "|".join(f"(?:{alternative})" for alternative in alternatives)


@dataclass(frozen=True, slots=True)
class _Rule:
    """One entry of `_RULES`, compiled."""

    category: str
    name: str
    cues: frozenset[str]  # empty: always tried
    pattern: re.Pattern[str]
    tense_proof: bool


def _compile_rules(use_cues: bool = True) -> tuple[_Rule, ...]:
    """`use_cues=False` tries every rule on every message: slower, and the tests check it answers the same."""
    return tuple(
        _Rule(
            category=category,
            name=rule,
            cues=frozenset(cues.split()) if use_cues else frozenset(),
            pattern=re.compile(_any_of(alternatives)),
            tense_proof=rule in _TENSE_PROOF,
        )
        for category, rule, cues, alternatives in _RULES
    )


class EmergencyDetector:
    """Decides whether one inbound message describes an emergency. Pure and thread-safe; build one."""

    def __init__(self) -> None:
        self._age = re.compile(_AGE)
        self._apostrophes = re.compile(_APOSTROPHES)
        self._non_word = re.compile(_NON_WORD)
        self._long_run = re.compile(_LONG_RUN)
        self._two_as_to = re.compile(_TWO_AS_TO)
        self._split_word = re.compile(_SPLIT_WORD)
        self._negations = re.compile(_any_of(_NEGATIONS))
        self._past = re.compile(rf"\b(?:{_any_of(_PAST)})\b")
        self._present = re.compile(rf"\b(?:{_any_of(_PRESENT)})")
        self._enquiry = re.compile(_ENQUIRY)
        self._rules = _compile_rules()

    def detect(self, text: str) -> EmergencySignal | None:
        """The first rule that fires on `text`, or None when nothing suggests an emergency."""
        canonical = self._canonicalise(text)
        if not canonical:
            return None
        canonical = self._negations.sub(" ", canonical)
        past_only = (
            self._past.search(canonical) is not None or self._enquiry.search(canonical) is not None
        ) and self._present.search(canonical) is None
        # Every start of every word ("stabbed" gives "st", "sta", ... "stabbed"), to test cue stems against.
        starts = {
            word[:end]
            for word in set(canonical.split())
            for end in range(_MIN_CUE, min(len(word), _MAX_CUE) + 1)
        }
        for rule in self._rules:
            if past_only and not rule.tense_proof:
                continue
            if rule.cues and rule.cues.isdisjoint(starts):
                continue
            if rule.pattern.search(canonical):
                return EmergencySignal(category=rule.category, rule=rule.name)
        return None

    def _canonicalise(self, text: str) -> str:
        """Lower-case words only, with shorthand and common misspellings replaced by canonical words."""
        if text.isascii():  # most messages: nothing to strip, and the per-character pass is costly
            lowered = text.lower()
        else:
            decomposed = unicodedata.normalize("NFKD", text)
            lowered = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        lowered = self._age.sub(r"\1 year old ", lowered)
        lowered = self._apostrophes.sub("", lowered)
        lowered = self._non_word.sub(" ", lowered)
        lowered = self._long_run.sub(r"\1\1", lowered)
        words: list[str] = []
        for token in lowered.split():
            if token in _WORDS:
                words.append(_WORDS[token])
            elif token.endswith("in") and token + "g" in _ING_WORDS:
                words.append(token + "g")
            else:
                words.append(token)
        joined = self._two_as_to.sub("to", " ".join(words))
        return self._split_word.sub(r"\1\2", joined)
