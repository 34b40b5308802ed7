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
   about the past ("last week", "3 months ago") with no sign of the present ("now", "he is here",
   "still"), keep only the rules whose wording cannot describe the past ("he is going to kill me").
4. **Match**: run the category rules in order; the first that matches names the category and rule.

Rules are data (`_RULES`): (category, rule name, alternative regular expressions over the canonical
text), compiled once when the detector is built. The rule name is safe to log; the message text never
leaves this module. When unsure a rule errs towards firing:
a false alarm costs the person a 999 reminder, a miss can cost a life.
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
})  # fmt: skip

# Ages written as "5yo" / "5 yr old" become "5 year old" before punctuation goes.
_AGE = r"(\d+)\s*(?:yo|y/o|yrs?\s*old|years?\s*old|year-old)\b"
_APOSTROPHES = r"['’‘`´]"
_NON_WORD = r"[^a-z0-9]+"
_LONG_RUN = r"([a-z])\1{2,}"
# "going 2 kill me": a lone 2 means "to", unless it counts something ("2 men", "2 weeks ago").
_TWO_AS_TO = (
    r"\b2\b(?! (?:\d|days?|weeks?|months?|years?|hours?|mins?|minutes?|seconds?|secs?|people|men|women|"
    r"guys|lads|kids|children|of|or|and|cars?|year|am|pm|oclock)\b)"
)
# Two-word spellings of one word: "some one" -> "someone".
_SPLIT_WORD = r"\b(some|any|every) (one|body)\b"

# --- Step 3: spans that do not count ------------------------------------------------------------------

# Removed before matching, so "someone crashed into me, no one was hurt" keeps no injury word.
_NEGATIONS: tuple[str, ...] = (
    r"\b(?:no ?one|nobody|no body|none of (?:us|them)|neither of (?:us|them)|not one of us) "
    r"(?:(?:is|was|were|got|has|have|had|been|seems|seemed|appears|looks|badly|seriously|really|too|"
    r"actually|thankfully|luckily) )*(?:hurt|injured|harmed|injuries|hit|killed|dead|bleeding|trapped)\b",
    r"\b(?:not|never|without|no longer) (?:(?:get|got|been|being|getting|badly|seriously|really|too|"
    r"physically|actually) )*(?:hurt|injured|harmed|injuries|injury)\b",
    r"\bno (?:serious |major |obvious |real |visible |apparent |known )?(?:injuries|injury|injured|"
    r"casualties|casualty|one hurt|one injured|harm|blood)\b",
    r"\b(?:un ?hurt|uninjured|unharmed|unscathed|un ?armed)\b",
    r"\b(?:no|not|without|never had|did not have|does not have|do not have|was not carrying|"
    r"is not carrying|not carrying) (?:(?:a|an|any) )?(?:weapons?|knife|knives|guns?|firearms?)\b",
    r"\b(?:is |was |were |are )?not armed\b",
    r"\b(?:no|not|not on) (?:fire|smoke|flames)\b",
    r"\b(?:not|no longer|never) (?:(?:in|feel|feeling|been|being|really|at all) )*(?:danger|missing|scared|"
    r"afraid|frightened|threatened|threatening)\b",
    r"\b(?:was|were|went|been|had gone) missing (?:but|and) (?:\w+ )?(?:(?:has|have|was|were|is|are|got|"
    r"been) )*(?:found|home|back)\b",
)

# A message that names a past time and nothing present is most likely a report of something over...
_PAST: tuple[str, ...] = (
    r"yesterday|overnight|(?:over|at) the weekend|previously|historic|historical|in the past|as a child",
    r"last (?:night|week|weekend|month|year|summer|winter|spring|autumn|christmas|term|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)",
    r"the other (?:day|night|week)",
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several|couple of|couple) "
    r"(?:hours?|days?|weeks?|months?|years?) ago",
    r"(?:ages|long time|while|years|months|weeks) ago|(?:a )?while back|(?:weeks|months|years) back",
    r"earlier (?:this|in the|last) (?:week|month|year)",
    r"(?:in|back in|since|during) (?:19|20)\d\d",
    r"(?:in|back in|since) (?:january|february|march|april|june|july|august|september|october|november|"
    r"december)",
    r"when i was (?:a kid|a child|young|younger|little|a teenager|at school|\d+)",
)
# ...unless something says it is still going on; then the past words are background.
_PRESENT: tuple[str, ...] = (
    r"right now|just now|currently|at the moment|atm|as we speak|in progress|tonight|coming back",
    # "now", but not "what happens now" or "now I want an update"
    r"(?<!happens )(?<!do )(?<!what )(?<!until )(?<!till )(?<!from )now\b"
    r"(?! (?:i|we) (?:want|need|would|have|am)\b| want\b| need\b| waiting\b)",
    r"happening (?:now|again|right now)|(?:it|this) is happening",
    r"(?:is|are) not (?:answering|picking up)",
    r"(?:is|are|am) (?:still )?(?:here|there|outside|inside|downstairs|upstairs|nearby|around|back|"
    r"at (?:my|the|our) (?:door|window|house|flat))",
    r"still (?:here|there|outside|inside|around|nearby|in (?:the|my|our)|at (?:the|my|our)|round|going|"
    r"happening|hitting|following|chasing|threatening|bleeding|missing|not (?:breathing|moving|"
    r"responding|home|back))",
    r"on (?:his|her|their|the) way",
    r"(?:\d+|few|couple of|a couple of|two|five|ten|a) (?:mins?|minutes?|seconds?|secs?) ago",
)

# Rules whose wording cannot be about the past ("is going to kill me"), so a past time marker
# elsewhere in the message ("he threatened me last week and says he will kill me") does not silence them.
_TENSE_PROOF = frozenset(
    {"danger.kill_intent", "danger.suicide_intent", "threat.harm_intent", "fear.abuser_coming"}
)

# --- Step 4: category rules ---------------------------------------------------------------------------

_PERSON_NOUN = (
    r"(?:man|woman|men|women|guy|guys|lad|lads|bloke|girl|girls|boy|boys|kid|kids|child|children|baby|"
    r"toddler|person|people|teenager|youths?|pensioner|lady|neighbour|mum|dad|mother|father|son|daughter|"
    r"husband|wife|partner|boyfriend|girlfriend|brother|sister|friend|mate|nan|grandad|grandma|"
    r"grandmother|grandfather|uncle|aunt|auntie|cousin|flatmate|housemate|ex|carer|colleague|stranger|"
    r"strangers|family|driver|rider|cyclist|pedestrian|passenger|motorcyclist|biker|victim|resident|"
    r"customer)"
)
_DET = r"(?:my|our|his|her|their|a|an|the|this|that|some|two|three|\d+)"
# A person as the subject ("my little boy", "a man", "she"); "my phone" is not one.
_PERSON = rf"(?:he|she|they|someone|somebody|anyone|everyone|{_DET} (?:\w+ )?{_PERSON_NOUN})"
_VICTIM = (
    rf"(?:me|us|her|him|them|you|myself|himself|herself|themselves|each other|everyone|everybody|"
    rf"someone|somebody|{_DET} (?:\w+ )?{_PERSON_NOUN})"
)
# Who tends to turn up, watch or wait outside in a domestic abuse or stalking case.
_ABUSER = (
    r"(?:he|she|they|my ex|ex|someone|somebody|(?:my |the |his |her )?(?:abuser|attacker|stalker)|"
    r"my (?:ex )?(?:partner|husband|wife|boyfriend|girlfriend)|"
    r"(?:a|the|some|this|that|two|three) (?:\w+ )?(?:man|men|woman|guy|guys|lad|lads|bloke|stranger|"
    r"strangers|person|people|gang|youths))"
)
_CHILD = (
    r"(?:son|daughter|child|kid|kids|children|boy|girl|little one|baby|toddler|grandson|granddaughter|"
    r"grandchild|nephew|niece|stepson|stepdaughter|teenager|\d+ year old)"
)
_CHILD_REF = (
    rf"(?:(?:my|our|a|the|her|his|their|this|that|some) )?(?:little |young |baby |teenage |eldest |"
    rf"youngest |oldest |\d+ year old )?{_CHILD}"
)
_NOT_A_WEAPON_GUN = r"(?<!nerf )(?<!glue )(?<!water )(?<!staple )(?<!heat )(?<!spray )(?<!nail )(?<!paint )"
_WEAPON = (
    rf"(?:knife|knives|blade|blades|{_NOT_A_WEAPON_GUN}guns?|firearms?|pistols?|handgun|shotguns?|rifles?|"
    r"machetes?|zombie knife|swords?|crossbow|axe|hatchet|cleaver|knuckle duster|baseball bat|cricket bat|"
    r"metal bar|iron bar|crowbar|hammer|screwdriver|broken bottle|smashed bottle|glass bottle|weapons?|"
    r"taser|stun gun|acid)"
)
_HARM = (
    r"(?:stab|shoot|hurt|harm|beat up|beat|batter|attack|burn|torch|set fire to|smash up|smash|kill|murder|"
    r"rape|kidnap|glass|slash|cut|punch|hit|kick|strangle|choke|petrol bomb|firebomb|bomb|blow up|"
    r"throw acid|acid|run over|bash|break)"
)
_HARM_TARGET = (
    rf"(?:{_VICTIM}|(?:my|our|the|his|her|your|their) (?:\w+ )?(?:house|home|flat|car|van|place|face|head|"
    r"legs?|arms?|throat|neck)|it)"
)
_CRASH = (
    r"(?:crash|crashed|crashes|collision|collided|accident|rta|rtc|pile up|pileup|car smash|hit and run|"
    r"bump|bumped|knocked (?:over|down|off)|run over|ran over|rolled|overturned|flipped|"
    r"hit (?:a|the|another) (?:car|van|lorry|bus|wall|tree|lamp post|barrier|pedestrian|cyclist))"
)
# "its" reads "it is" once expanded, hence "on it is side".
_CRASH_HARM = (
    r"(?:hurt|injured|injury|injuries|bleeding|blood|unconscious|trapped|stuck inside|cannot get out|"
    r"not moving|not breathing|ambulance|casualty|casualties|dead|killed|died|body|on fire|smoke|"
    r"flipped|overturned|upside down|on (?:it is|its|their) (?:roof|side)|blocking|blocked|blocks|"
    r"across (?:the|both) (?:road|lanes|carriageway)|in the middle of the (?:road|motorway|carriageway)|"
    r"debris|fuel|petrol|leaking|pedestrian|cyclist|motorcyclist|biker|screaming|unresponsive|collapsed)"
)
_BANK = r"(?:bank|cashpoint|cash machine|atm|building society|post office)"

# (category, rule name, alternatives). Order matters: the first rule that matches names the signal, so
# specific rules come before broad ones ("threatening to stab me" is a threat, not a weapon).
_RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # Life at risk. The intent rules are about the future, so a past marker does not cancel them.
    ("danger_to_life", "danger.suicide_intent", (
        r"\b(?:going to|about to|wants to|want to|trying to|try to|threatening to|threatens to|will|"
        r"planning to|plans to) (?:kill|hang|end|hurt|harm|cut|drown|shoot|poison) "
        r"(?:my|him|her|them|your)sel(?:f|ves)\b",
        r"\b(?:end|take|ending|taking) (?:my|his|her|their) (?:own )?life\b|\bend it all\b",
        r"\bwants? to (?:die|be dead)\b|\b(?:do|does) not want to (?:live|be alive)\b",
        # "wanted to end it", not "going to end it with her" (a break-up)
        r"\b(?:wants?|wanted|going|about|trying|planning) to end it\b(?! (?:with|between)\b)",
        r"\b(?:going to|gonna|will|might|about to|threatening to) do something (?:stupid|silly)\b",
        r"\b(?:throw|throwing|threw|hurl) (?:my|him|her|them)sel(?:f|ves) (?:off|in front of|under)\b",
        r"\b(?:threatening|going|about|wants?|trying|planning) to jump\b"
        r"(?! (?:on|in|over|ship|start|the queue)\b)",
    )),
    ("danger_to_life", "danger.kill_intent", (
        rf"\b(?:going to|about to|will|wants to|want to|trying to|try to|threatening to|threatens to|"
        rf"out to|coming to|coming back to|on (?:his|her|their) way to) (?:\w+ )?(?:kill|murder|strangle|"
        rf"drown|shoot dead|stab to death|beat to death) {_VICTIM}\b",
    )),
    ("danger_to_life", "danger.kill", (
        rf"\b(?:kill|murder|strangle|drown) {_VICTIM}\b",
        # "killing me" is left out: "my feet are killing me"
        rf"\bkilling (?:her|him|them|us|someone|somebody|each other|{_DET} (?:\w+ )?{_PERSON_NOUN})\b",
    )),
    ("danger_to_life", "danger.suicide", (
        r"\b(?:suicidal|suicide)\b",
        r"\b(?:kill|killed|hang|hanged|hanging|cut|cutting) (?:my|him|her|them)sel(?:f|ves)\b",
        r"\bjump(?:ing)? off (?:a|the) (?:bridge|building|roof|cliff|car park|multi storey|balcony)\b",
        r"\bnoose\b",
        rf"\b(?:{_PERSON}|body) (?:is )?hanging (?:from|in)\b",
        r"\b(?:cut|slit) (?:his|her|my|their) (?:own )?(?:wrists?|throat)\b",
        r"\b(?:is|are|am) self harming\b",
    )),
    ("danger_to_life", "danger.in_danger", (
        r"\bin (?:immediate |real |serious |grave )?danger\b",
        r"\b(?:life|lives) (?:is |are )?at risk\b|\b(?:danger|risk) to life\b",
        r"\bfear(?:ing)? for (?:my|his|her|their|our) (?:life|lives|safety)\b",
    )),
    ("danger_to_life", "danger.dead", (
        rf"\b(?:{_PERSON}|body) (?:is|are|looks|seems|might be|could be|has been found|found|lying) dead\b",
        r"\bdead body\b|\bfound (?:a|the) (?:dead )?body\b",
        r"(?<!no )\bbody (?:in|on|under|floating|lying)\b",
        rf"\b{_PERSON} (?:is|are) dying\b(?! to)",
        r"\b(?:i am|i think i am) dying\b(?! to| of (?:laughter|boredom|embarrassment))",
        r"\b(?:been|was|were|got|has been|have been) (?:killed|murdered)\b|\bmurder(?:ed)?\b(?! mystery)",
    )),
    ("danger_to_life", "danger.cry_for_help", (
        r"\b(?:screaming|shouting|crying|yelling) (?:for help|in pain|help)\b|\bcries for help\b",
    )),
    ("danger_to_life", "danger.drowning", (
        r"\b(?:drowning|drowned)\b|\b(?:fell|fallen|gone|went) through the ice\b",
        r"\b(?:fell|fallen|jumped|gone|went) (?:in|into) (?:the|a) (?:river|canal|lake|sea|water|reservoir|"
        r"pond)\b",
    )),
    # Children. Before the kidnap rule, so "my daughter has been kidnapped" is a missing child.
    ("missing_child", "missing.child_missing", (
        rf"\b{_CHILD_REF} (?:(?:is|are|has|have|was|were|had|gone|been|went|just) )*(?:missing|disappeared|"
        r"vanished|run away|ran away|run off|ran off|wandered off|walked off)\b(?! (?:school|his|her|their|"
        r"the|a|out|class|lessons|you|me|us|lunch|breakfast|dinner|tea)\b)",
        r"\b(?:missing|lost) (?:child|children|kid|boy|girl|toddler|baby|little boy|little girl|"
        r"\d+ year old)\b|\bchild (?:is )?missing\b",
    )),
    ("missing_child", "missing.child_is_lost", (
        rf"\b{_CHILD_REF} (?:(?:is|are|got|gets|has got|was|were|been) )+lost\b",
    )),
    ("missing_child", "missing.cannot_find", (
        rf"\b(?:cannot|can not|could not|unable to|not able to) (?:\w+ )?(?:find|locate|see) {_CHILD_REF}\b",
        rf"\b{_CHILD_REF}\b.{{0,60}}?\b(?:cannot|can not|could not) (?:\w+ )?(?:find|locate|see) "
        r"(?:him|her|them)\b",
    )),
    ("missing_child", "missing.lost_my_child", (
        # not "I lost my son in 2019" or "lost my daughter to cancer"
        rf"\b(?:lost|lose|losing) {_CHILD_REF}\b(?! (?:to|in (?:a|an|the|19|20|\d)|last|years|when|"
        r"during|at birth|through))",
    )),
    ("missing_child", "missing.child_taken", (
        # not "taken into care" or "taken to hospital"
        rf"\b{_CHILD_REF} (?:(?:has|have|was|were|is|are|been|being|got|just) )*(?:taken|snatched|"
        r"abducted|kidnapped|grabbed|lured)\b(?! (?:into care|to|ill|home|in|by social|off|out)\b)",
        rf"\b(?:snatched|snatching|grabbed|grabbing|abducted|abducting|kidnapped|kidnapping|lured|luring|"
        rf"bundled|(?:trying|tried) to (?:take|grab|snatch|lure|abduct|kidnap)) {_CHILD_REF}\b(?! is)",
        rf"\b(?:trying to|tried to) (?:get|lure|drag|pull|push|take) {_CHILD_REF} into\b",
        rf"\b(?:trying to|tried to) (?:get|make|persuade|convince|lure|entice) {_CHILD_REF} (?:to )?"
        r"(?:go|come|get) (?:with|in|into)\b",
        # a stranger took the child; not "she took my son to school"
        rf"\b(?:someone|somebody|a man|a woman|a stranger|strangers|they|he|she) (?:(?:has|have|just) )*"
        rf"(?:taken|took) {_CHILD_REF}\b(?! (?:to|for|home|out|in|on|with|back)\b)",
        rf"\b(?:has|have|just) taken {_CHILD_REF} (?:and (?:will not|is not|refuses|disappeared|gone|left|"
        r"run|ran|switched)|without (?:permission|asking|telling))\b",
    )),
    ("missing_child", "missing.taken_abroad", (
        rf"\b(?:taking|take|taken|took) (?:him|her|them|{_CHILD_REF}) (?:abroad|out of the country)\b",
    )),
    ("missing_child", "missing.not_home", (
        rf"\b{_CHILD_REF}\b.{{0,40}}?\b(?:has not|have not|did not|not|never) (?:come|came|got|gotten|"
        r"returned|arrived|made it) (?:back )?(?:home|back)\b",
        rf"\b{_CHILD_REF}\b.{{0,60}}?\b(?:is not|not) (?:answering|picking up|replying)\b",
    )),
    ("danger_to_life", "danger.kidnap", (
        r"\b(?:kidnap|kidnapped|kidnapping|abduct|abducted|abducting|abduction|hostage)\b",
        r"\bheld against (?:my|his|her|their|our) will\b",
        r"\bbeing held (?:captive|prisoner|in (?:a|the|his|their) (?:house|flat|room|car|van))\b",
        r"\b(?:being|been) taken (?:somewhere|away|against)\b",
        r"\bbundled into\b|\bbundle \w+ into\b",
        r"\b(?:forced|forcing|dragged|dragging|pulled|pulling|trying to (?:get|drag|pull|push|force|bundle)) "
        r"(?:\w+ ){0,3}into (?:a|the|his|her|their) (?:car|van|boot)\b",
    )),
    ("danger_to_life", "danger.terror", (
        r"(?<!bath )(?<!photo )\b(?:bomb|bombs|explosives?|car bomb|bomb threat)\b",
        r"\bsuspicious (?:package|device|bag|item)\b|\bterror(?:ist)? attack\b|\bterrorists?\b",
    )),
    # Threats of harm. "says he will hurt me" is a live threat whenever it was first said.
    ("threat", "threat.harm_intent", (
        rf"\b(?:{_PERSON}|i) (?:(?:is|are|am|said|says) )?(?:going to|about to|will|wants to|want to|"
        rf"coming to|coming round to|coming over to|coming back to|on (?:his|her|their) way to|"
        rf"threatening to|threatens to) (?:come (?:round|over|back) and )?{_HARM} {_HARM_TARGET}\b",
        rf"\b(?:{_PERSON}|i) (?:(?:is|are|am|said|says) )?(?:going to|will|threatening to|threatens to) "
        rf"(?:\w+ ){{1,4}}?and {_HARM} {_HARM_TARGET}\b",
        # "he's going to get me", but not "they will get me a crime number"
        r"\b(?:going to|will|coming to|coming back to|coming round to) get (?:me|us|her|him|them)\b"
        r"(?! (?:a|an|the|some|home|back|out|in|to|into|my|your|his|her|their|one|any)\b)",
    )),
    ("threat", "threat.threatened", (
        rf"\b(?:threatening|threatened|threatens|threaten|threats|threat|says|said|saying|told \w+|"
        rf"telling \w+|texted|texting|messaged|messaging|shouting|screaming|yelling) (?:\w+ ){{0,3}}?"
        rf"(?:to|will|would|going to) (?:come (?:round|over|back) and )?{_HARM} {_HARM_TARGET}\b",
    )),
    # Weapons.
    ("weapon", "weapon.carrying", (
        rf"\b(?:has|have|had|got|holding|carrying|waving|brandishing|pulled|pulling|pull|pointing|pointed|"
        rf"swinging|wielding|armed with|threatening \w+ with|came at \w+ with|coming at \w+ with|"
        rf"went for \w+ with|going for \w+ with|attacked \w+ with|hit \w+ with|with) (?:out )?"
        rf"(?:(?:a|an|his|her|their|the|some|two|2|big|huge|large|massive|kitchen|sharp) )?"
        rf"(?:\w+ ){{0,2}}{_WEAPON}\b",
    )),
    ("weapon", "weapon.swung_at_people", (
        r"\b(?:swinging|waving|brandishing|wielding|throwing) (?:a|an|his|her|their|the|some) (?:\w+ )?\w+ "
        r"(?:around )?at (?:people|me|us|him|her|them|everyone|cars|kids|children|passers by)\b",
    )),
    ("weapon", "weapon.named", (
        r"\b(?:machetes?|zombie knife|samurai sword|gunman|gunmen|gunfire|gun ?shots?|crossbow)\b",
        r"\b(?:there is|saw|seen|spotted) (?:a |an |some )?(?:guns?|firearms?|pistol|shotgun|rifle)\b",
    )),
    ("weapon", "weapon.stabbing", (
        # not "stabbed my tyres" (damage) or "stabbing pains"
        r"\b(?:stabbed|stabbing|stab wounds?|knifed|slashed)\b(?! (?:my|the|his|her|our|their|all|all the|"
        r"all my|all four|four|two|2|4) ?(?:car |van )?(?:tyres?|tires?|wheels?|car|van|seats?|sofa|door|"
        r"paintings?|prices)\b)(?! pains?\b)",
    )),
    ("weapon", "weapon.shooting", (
        r"\bshots? (?:fired|being fired)\b|\b(?:been|got|was|were|is|are|being|just) shot\b",
        r"\bshot (?:him|her|me|them|someone|somebody|at)\b",
        r"\bshooting (?:at|people|someone|him|her|them|outside|in the|on the)\b",
        r"\b(?:a|there is a|there has been a) shooting\b",
        r"\b(?:is|are) shooting\b(?! (?:a|the|some|my|his|her|their|video|film|photos?|hoops|pool)\b)",
    )),
    ("weapon", "weapon.armed", (
        r"\barmed (?:man|men|woman|women|person|people|robber\w*|robbery|gang|intruder\w*|burglar\w*|"
        r"youths?|lads?|guy|police|with)\b",
        r"(?<!alarm )\b(?:is|are|he is|they are|was|were|maybe|might be|could be|possibly) armed\b",
    )),
    ("weapon", "weapon.acid", (
        r"\bacid (?:attack|thrown|in (?:my|his|her|their) face)\b",
        r"\b(?:threw|throwing|thrown|chucked) (?:acid|bleach|ammonia)\b",
    )),
    # Violence happening, or just done to someone.
    ("violence", "violence.attacking", (
        rf"\b(?:hitting|punching|kicking|beating|battering|attacking|assaulting|strangling|choking|"
        rf"throttling|slapping|headbutting|stamping on|raping|molesting|smacking|hurting|bashing|abusing|"
        rf"whacking|biting|dragging|pushing|shoving|grabbing|beat|beaten|battered) {_VICTIM}\b",
        rf"\b(?:pinned|pinning|holding|held) {_VICTIM} down\b",
        r"\bhands? (?:round|around) (?:my|her|his|their) (?:neck|throat)\b",
    )),
    ("violence", "violence.beaten_up", (
        r"\b(?:beat|beating|beaten|battered|battering|kicked|kicking) (?:\w+ )?up\b",
        r"\bkick(?:ing|ed)? (?:his|her|their|my|your) (?:head|face) in\b",
    )),
    ("violence", "violence.assaulted", (
        r"\b(?:being|getting) (?:hit(?! by (?:a|an|the) (?:\w+ )?ball\b)|punched|kicked|beaten|beat up|"
        r"beaten up|attacked|assaulted|battered|strangled|choked|mugged|jumped|raped|sexually assaulted|"
        r"slapped|headbutted|glassed|bottled|stamped on|abused|bitten|dragged|stabbed)\b",
        # a person was assaulted; "my car got hit" is not this
        rf"\b(?:i|we|{_PERSON}) (?:(?:have|has|had|just|was|were|am|is|are|been|got|get|getting) )+"
        r"(?:hit|punched|kicked|beaten|beat up|beaten up|attacked|assaulted|battered|strangled|choked|"
        r"mugged|robbed|jumped|raped|sexually assaulted|slapped|headbutted|glassed|bottled|stamped on|"
        r"knocked out|abused|bitten|dragged)\b(?! by (?:a|an|the) (?:\w+ )?(?:ball|car|van|bus|lorry|truck|"
        r"vehicle|bike|motorbike|taxi|train)\b)",
    )),
    ("violence", "violence.hit_someone", (
        rf"\b{_PERSON} (?:(?:has|have|had|just|keeps|keep|is|are|started|start|will not stop) )*"
        rf"(?:hit|punched|kicked|slapped|strangled|choked|attacked|assaulted|headbutted|raped|bit|bitten|"
        rf"stamped on|pushed|shoved|grabbed|dragged|threw|stabbed|hurt) {_VICTIM}\b",
    )),
    ("violence", "violence.has_hit", (
        rf"\b(?:has|have|just) (?:punched|hit|kicked|stabbed|attacked|assaulted|headbutted|glassed|slapped|"
        rf"strangled|bottled) {_VICTIM}\b",
    )),
    ("violence", "violence.fight", (
        r"\b(?:big|massive|huge|mass|gang|street|serious|violent|bad|drunken|drunk|there is a|a massive|"
        r"a big|a huge|a mass) (?:fight|brawl|punch up|scuffle|riot|fist fight|street fight|disturbance)\b",
        r"\b(?:fight|fighting|fights|brawl|brawling|punch up|scuffle|riot|rioting) (?:outside|"
        r"in the street|on the street|in the road|on the road|at the|in the pub|in the park|going on|"
        r"happening|broken out|broke out|breaking out|now|right now|next door|upstairs|downstairs|"
        r"in (?:my|the|our) (?:street|road|garden|house|flat|shop|pub|park))\b",
        r"\b(?:are|is|people|men|lads|guys|youths|kids|gang|gangs|they|two|group|loads of people|"
        r"load of people) (?:\w+ )?(?:fighting|brawling|scrapping)\b",
        r"\bkicking off\b(?! at \d)|\bkicked off\b",
    )),
    ("violence", "violence.turned_violent", (
        r"\b(?:being|getting|got|gone|turned|turning|is|are|very|really|so) (?:very |really |so )?"
        r"(?:violent|aggressive|abusive)\b",
    )),
    ("violence", "violence.dog_attack", (
        r"\bdogs? (?:(?:is|are|has|just) )?(?:attacking|attacked|biting|bit|bitten|mauling|mauled|savaging|"
        r"went for)\b",
        r"\b(?:attacked|bitten|mauled|savaged|bit) by (?:a|the|his|her|their|my|an|next doors|my neighbours) "
        r"(?:\w+ )?dogs?\b|\bdog attack\b",
    )),
    # Road collisions with injury or a blocked or dangerous road.
    ("collision_injury", "collision.hit_by_vehicle", (
        r"\b(?:hit|knocked (?:down|over)|run over|ran over) by (?:a|an|the|his|her|their|this|that) "
        r"(?:\w+ )?(?:car|van|bus|lorry|truck|vehicle|motorbike|motorcycle|moped|taxi|train|tram|cyclist|"
        r"bike|driver)\b",
        rf"\b(?:{_PERSON}|i|we) (?:(?:has|have|was|were|got|been|just|is) )*(?:run over|knocked down|"
        r"knocked off (?:his|her|their|my) bike)\b",
        r"\b(?:car|van|lorry|truck|bus|vehicle|driver|motorbike|taxi)\b.{0,60}?\b(?:hit|ran over|run over|"
        r"knocked (?:down|over)) (?:a|an|the|some|two) (?:\w+ )?(?:kid|child|boy|girl|man|woman|person|"
        r"pedestrian|cyclist|lady|pensioner|people)\b",
        r"\bmounted the pavement\b",
    )),
    ("collision_injury", "collision.with_injury", (
        rf"\b{_CRASH}\b.{{0,80}}?\b{_CRASH_HARM}\b",
        rf"\b{_CRASH_HARM}\b.{{0,80}}?\b{_CRASH}\b",
        r"\b(?:car|van|lorry|truck|bus|coach|vehicle|motorbike|tanker) (?:(?:has|is|just) )*(?:overturned|"
        r"flipped|rolled over|on (?:it is|its|it) (?:roof|side)|upside down|jackknifed|jack knifed)\b",
        r"\b(?:car|van|lorry|truck|vehicle) (?:is )?(?:in (?:a|the) ditch|off the road|in the river)\b",
        r"\bcrashed (?:into|through) (?:the|a|my|our|their) (?:\w+ ){0,3}?(?:house|home|shop|building|"
        r"front|window|school|bus stop|pub|people|crowd)\b",
    )),
    ("collision_injury", "collision.road_blocked", (
        r"\b(?:horses?|cows?|cattle|sheep|deer|animals?|livestock|ladder|trees?|debris|mattress|sofa|object|"
        r"tyre|pallet|person|man|woman|child|kid|people) (?:is |are )?(?:loose |wandering |walking |"
        r"running |lying |standing )?(?:on|in|across|along|down|blocking) (?:the )?(?:middle of the )?"
        r"(?:motorway|dual carriageway|carriageway|m\d+|a\d+|fast lane|slow lane|hard shoulder)\b",
        r"\b(?:tree|trees|debris|lorry|car|vehicle|ladder|load) "
        r"(?:(?:is|has|fallen|down|shed|come|gone|came) )*(?:across|blocking) (?:the )?(?:road|motorway|"
        r"dual carriageway|carriageway|lane|lanes|street)\b",
    )),
    # People hurt or unwell in a way that cannot wait.
    ("injury", "injury.not_breathing", (
        r"\b(?:not|stopped|stop|cannot|can not|struggling to|struggling|trouble|difficulty|hardly|barely|"
        r"unable to) (?:breathing|breathe)\b",
        r"\b(?:turning|gone|going) blue\b|\b(?:lips|face) (?:are |is )?(?:going |turning |gone )?blue\b",
    )),
    ("injury", "injury.unconscious", (
        r"\b(?:unconscious|unresponsive|passed out|knocked out|out cold|not conscious|electrocuted)\b",
        r"\b(?:will not|cannot|can not|not) (?:wake|waking)\b",
        rf"\b{_PERSON} (?:is |are )?(?:not responding|not moving|limp|lifeless|floppy)\b",
        r"\b(?:and|but|now) (?:is|are) (?:not responding|not moving)\b",
        r"\b(?:fallen|fell|collapsed|lying|lay|slumped|found|knocked|hit) .{0,40}?\bnot (?:moving|"
        r"responding|breathing|waking|answering)\b",
        r"\bslumped\b|\b(?:gone|turned|turning|going) (?:grey|gray|pale and)\b",
        r"\b(?:fitting|seizure|seizing)\b|\bhaving (?:a|another) (?:fit|seizure)\b",
    )),
    ("injury", "injury.bleeding", (
        r"\b(?:bleeding|bleed) (?:badly|heavily|a lot|lots|loads|everywhere|profusely|out|to death|from|"
        r"all over|and|bad|really|so much|quite|uncontrollably|heavy|alot)\b",
        # "he is bleeding", but not "my bleeding neighbours"
        r"\b(?:is|are|am|keeps|keep|still|been|started|start) bleeding\b|\bbleeding$",
        r"\bblood (?:everywhere|all over|pouring|gushing|pumping|coming out|spurting|will not stop)\b",
        r"\b(?:lot|lots|loads|pool|covered|losing|so much|too much) (?:of |in )?blood\b",
    )),
    ("injury", "injury.collapsed", (
        r"\b(?:collapsed|collapsing|fainted|keeled over|heart attack|cardiac arrest|anaphylactic|"
        r"anaphylaxis|choking)\b|\b(?:a|having a|had a) stroke\b",
        r"\b(?:overdose|overdosed|overdosing)\b|\b(?:has|have) (?:got |taken |took )?pills\b",
        r"\b(?:taken|took|swallowed|had|necked|downed) (?:\w+ ){0,3}?(?:too many|loads|lots|load|bottles?|"
        r"packets?|box|boxes|all|whole|handful|\d+)(?: of)? (?:\w+ )?(?:pills|tablets|paracetamol|"
        r"painkillers|meds|medication)\b",
        r"\b(?:swallowed|drank|drunk) (?:bleach|poison)\b",
        r"\bfell from (?:a|the) (?:roof|ladder|window|balcony|height|building|bridge)\b",
        r"\b(?:drink|drinks|been|was|got|has been|have been) spiked\b|\b(?:cannot|can not) stand up\b",
        r"\b(?:lying|laying|lay|been) (?:on|in) the (?:road|street|floor|ground|pavement)\b",
    )),
    ("injury", "injury.hurt", (
        rf"\b(?:{_PERSON}|i|we) (?:(?:is|are|am|has|have|been|was|were|got|looks|seems) )*(?:badly |"
        r"seriously |really |very |quite |severely |critically )?(?:hurt|injured|wounded)\b",
        r"\b(?:serious|severe|bad|head|critical|life threatening|major) (?:injury|injuries|burns|wounds?)\b",
        r"\bbroken (?:neck|back|leg|legs|arm|arms|bones?|skull|ribs?|jaw)\b",
        r"\b(?:hit|banged|smashed) (?:his|her|their|my) head\b",
        r"\b(?:fallen|fell|fall) (?:and|down) (?:\w+ ){0,3}?(?:cannot|can not|unable to|is not) (?:get up|"
        r"move|getting up|moving)\b",
    )),
    # Fire.
    ("fire", "fire.on_fire", (
        r"\b(?:on fire|set fire|setting fire|set alight|setting alight|ablaze|in flames|burning down|"
        r"burnt down|burned down|caught fire|catching fire|fire spreading|arson|arsonist|explosion|"
        r"exploded)\b",
        r"\bflames (?:are )?(?:coming|pouring|shooting|everywhere|from)\b",
        r"\b(?:house|home|flat|building|car|van|lorry|bus|shop|school|garage|shed|roof|kitchen|room|bin|bins|"
        r"block|tower|property|place|everything|it|field|woods|barn|hedge|bedroom|loft) (?:is |are )?"
        r"(?:burning|alight)\b",
        r"\bsomething burning\b|\bsmell (?:of )?burning\b",
        r"\b(?:firework|fireworks|petrol|lit|burning|fire|flaming|rag)\b.{0,40}?\bletter ?box\b",
        r"\b(?:poured|pouring|splashed|sprayed|threw|throwing) (?:petrol|fuel|accelerant|lighter fluid|"
        r"paraffin)\b",
    )),
    ("fire", "fire.smoke", (
        r"\bsmoke (?:is |was )?(?:pouring|coming|billowing|bellowing|everywhere|filling|from|out|rising|"
        r"in the|all over)\b",
        r"\b(?:lot|lots|loads|full|thick|black|plumes?|cloud) (?:of )?smoke\b|\bsmell (?:of )?smoke\b",
        r"\b(?:smoke|fire) alarms? (?:is |are )?(?:going off|sounding|ringing)\b",
    )),
    ("fire", "fire.fire", (
        # "a fire", "fire!", but not "fire safety" or "the fire brigade"
        r"(?:\b(?:there is a|there is|a big|big|massive|huge|house|car|bin|chip pan|kitchen|electrical|"
        r"grass|a|the) fire\b|^fire\b)(?! (?:safety|alarms?|exits?|doors?|stations?|brigade|services?|"
        r"extinguishers?|drill|risk|check|escape|engines?|hydrant|blanket|officers?|fighters?|and rescue|"
        r"certificate|regulations|pit|place|works|wood|department|investigation|report|damage)\b)",
        r"\bfire (?:next door|in|at|on|upstairs|downstairs|spreading|outside|inside|here|now|right now)\b",
    )),
    # Crimes happening now, or just done with the offender close by.
    ("in_progress", "in_progress.break_in", (
        r"\b(?:breaking in|breaking into)\b",
        r"\bbreak in (?:progress|happening|going on|now|right now|next door)\b",
        r"\b(?:trying|tried) to (?:get|break|force|kick|climb|smash|push|pry|prise|jemmy) (?:\w+ )?"
        r"(?:in|through|down|open)\b(?! (?:touch|contact)\b)",
        r"\b(?:trying|tried) to (?:get|break|force|kick|climb|smash|push|pry|prise|jemmy|open) (?:\w+ )?"
        r"(?:my|the|our|his|her) (?:front |back )?(?:door|window|windows|house|home|flat|car|garage|shed|"
        r"gate|van)\b",
        r"\b(?:trying|tried) to (?:break|get) into (?:cars?|vans?|houses?|sheds?|garages?|flats?)\b",
        r"\btrying (?:the |car |people s )*(?:door )?handles\b|\btrying (?:car |house |front |back )?doors\b",
        r"\bdoor (?:(?:is|has|been|was) )*(?:smashed|kicked|broken|forced) (?:in|open|down)\b",
        r"\bforcing (?:the|my|our|a) (?:door|window|lock)\b",
        r"\bforc(?:ing|ed) (?:his|her|their|a) way in(?:to)?\b",
        r"\b(?:banging|hammering|kicking|smashing|pounding|bashing) (?:(?:on|at|in|down) )?(?:my|the|our) "
        r"(?:front |back )?(?:door|doors|window|windows)\b",
    )),
    ("in_progress", "in_progress.intruder", (
        r"\b(?:burglars?|intruders?|prowler|burgling|(?:being|getting) burgled)\b(?! alarms?\b)",
        r"\bburglary (?:in progress|happening|going on|now)\b",
        r"\b(?:someone|somebody|some people|people|a man|a woman|men|a stranger|strangers|a person|"
        r"an intruder|unknown (?:man|men|person|people)) (?:is |are )?(?:stood |standing |hiding |lurking |"
        r"sitting |sat )?(?:in|inside|downstairs in|upstairs in|trying to get into|climbing into|"
        r"climbing over) (?:my|our|the) "
        r"(?:back |front )?(?:house|home|flat|garden|room|bedroom|kitchen|shed|garage|loft|property|building|"
        r"yard|car|van|attic|porch|hallway)\b",
        r"\b(?:hear|heard|hearing) (?:someone|somebody|people|footsteps|voices) (?:downstairs|upstairs|"
        r"in (?:my|the|our))\b",
        r"\b(?:smashed|broke|broken|forced|kicked) (?:\w+ ){0,3}(?:and|then) (?:is|are|got|went|came|"
        r"climbed) (?:still )?(?:in|inside)\b",
    )),
    ("in_progress", "in_progress.robbery", (
        r"\b(?:being|getting) (?:robbed|mugged|burgled|held up|carjacked|stolen|nicked|broken into)\b",
        # "someone keeps stealing my parcels" is a report, not a crime in progress
        r"(?<!keeps )(?<!keep )\b(?:robbing|mugging|burgling|stealing|nicking|hotwiring|raiding) "
        r"(?:me|us|her|him|them|my|our|the|his|a|an|cars?|bikes?|from|it|everything|stuff)\b",
        r"\b(?:trying to|about to) (?:steal|nick|take|rob|mug|drive off with|drive away with) "
        r"(?:my|our|the|his|her|a|an|me|us|him|them|cars?|bikes?)\b",
        r"\b(?:robbery|burglary|break in|theft|mugging|raid|ram raid|attack|assault|crime|shoplifting) "
        r"(?:is )?(?:in progress|happening|going on|taking place|underway)\b",
        r"\b(?:ram raid|armed robbery|smash and grab|car ?jacking|carjacked|looting|looters)\b",
        r"\b(?:stealing|siphoning|nicking|robbing|stripping|breaking into|loading up)\b.{0,60}?"
        r"\b(?:right now|as we speak|at the moment)\b",
    )),
    ("in_progress", "in_progress.just_happened", (
        r"\b(?:just|only just|literally just) (?:(?:been|got|had|have|has|was|were|tried to) )*"
        r"(?:mugged|robbed|burgled|attacked|assaulted|stabbed|shot|punched|beaten|beaten up|beat up|jumped|"
        r"threatened|broken into|broke into|broken in|broke in|carjacked|raped|kidnapped|abducted|stolen|"
        r"nicked|snatched|smashed|stole|took|snatch|rob|mug|steal|grab)\b",
        r"\bjust had (?:my|our|his|her) (?:\w+ )?(?:stolen|nicked|snatched|taken)\b",
    )),
    ("in_progress", "in_progress.offender_nearby", (
        rf"\b(?:he|she|they|{_PERSON}|the (?:\w+ )?(?:thief|thieves|robbers?|burglars?|offenders?|"
        r"attackers?|muggers?|suspects?|culprits?|driver|lads|youths|gang|men|man|guy|guys)) (?:is |are )?"
        r"still (?:here|there|around|nearby|outside|inside|about|hiding|in sight|watching|at the scene|"
        r"round the corner|around the corner|down the road|up the road|on the (?:street|road|scene|premises|"
        r"estate)|in (?:the|my|our) (?:house|home|flat|garden|street|road|area|building|shop|store|"
        r"car park|park|estate|property))\b",
    )),
    ("in_progress", "in_progress.offender_hanging_about", (
        r"\b(?:he|she|they) (?:is|are) (?:still )?(?:hanging|waiting|lurking) (?:about|around|outside|"
        r"nearby)\b",
    )),
    ("in_progress", "in_progress.followed", (
        r"\b(?:being|getting|been|am|is|are) (?:followed|chased|stalked|watched)\b",
        r"\b(?:following|chasing|stalking|tailing) (?:me|us|her|him|them|my|our|girls|women|kids|children|"
        r"people|boys|schoolgirls|students|a (?:girl|woman|child|kid|boy))\b",
        rf"\b{_PERSON} (?:(?:is|are|keeps|has|been) )*(?:followed|chased) (?:me|us|her|him|them|my|our)\b",
    )),
    ("in_progress", "in_progress.damage", (
        r"\b(?:smashing|trashing|wrecking) (?:up )?(?:my|the|our|his|her|their|everything|things|windows|"
        r"cars?|it)\b",
        r"\b(?:throwing|chucking) (?:bricks|stones|rocks|things|stuff|furniture|bottles|eggs|fireworks) "
        r"(?:at|through|into)\b",
        r"\b(?:breaking|smashing|kicking in|putting through|bricking) (?:the|my|our|his|her|their|all the) "
        r"(?:\w+ )?(?:windows?|doors?|windscreen)\b",
    )),
    ("in_progress", "in_progress.drink_driver", (
        r"\b(?:drink|drunk|drunken|drug|drugged|stoned|intoxicated) (?:driver|drivers|driving)\b",
        r"\bdriv(?:ing|e|er|es) (?:(?:while|whilst|when) )?(?:drunk|pissed|high|intoxicated|over the limit|"
        r"under the influence|off (?:his|her|their) face|on drugs|wasted|hammered)\b",
        r"\b(?:drunk|pissed|intoxicated|over the limit|hammered|wasted|off (?:his|her|their) face)\b"
        r".{0,40}?\b(?:driving|drive|drove off|behind the wheel|car keys|(?:get|got|getting) (?:in|into) "
        r"(?:his|her|their|the|a) car)\b",
        r"\bdriv(?:ing|er)\b.{0,40}?\b(?:drunk|pissed|intoxicated|over the limit|hammered|wasted)\b",
        r"\b(?:been drinking|had a drink|had a few|had (?:\d+|a few|several|loads of) (?:pints|drinks|"
        r"beers))\b.{0,40}?\b(?:driving|drive|behind the wheel|drove off)\b",
        r"\b(?:in|into) (?:the|his|her|their|a) car\b.{0,60}?\b(?:been drinking|is drunk|had a drink|"
        r"over the limit)\b",
    )),
    ("in_progress", "in_progress.wrong_way", (
        r"\b(?:wrong way|wrong side) (?:on|down|up|along) (?:the )?(?:motorway|dual carriageway|m\d+|a\d+)\b",
        r"\bdriving (?:the )?wrong way\b",
    )),
    ("in_progress", "in_progress.bank_escort", (
        rf"\b(?:being|been|getting) (?:taken|driven|escorted|forced|marched|made to go|pressured to go) "
        rf"(?:to|into) (?:the|a|her|his|their|my) {_BANK}\b",
        # a stranger takes them; "I'm taking my mum to the bank" is not this
        rf"\b(?:someone|somebody|they|he|she|scammers?|fraudsters?|(?:a|an|some|this|the) (?:\w+ )?"
        rf"(?:man|woman|guy|person|bloke|stranger|courier|taxi driver|builder|workman|caller|policeman|"
        rf"police officer)) (?:(?:is|are|has|have) )?(?:taking|taken|driving|forcing|escorting|marching|"
        rf"took|drove) (?:\w+ ){{0,3}}?(?:to|into) (?:the|a) {_BANK}\b",
        rf"\b(?:making|forcing|pressuring|made|forced) (?:\w+ ){{1,3}}(?:to )?go to (?:the|a) {_BANK}\b",
        r"\b(?:courier|taxi|someone|a man|a woman) (?:is )?(?:coming|on (?:his|her|their|the) way) to "
        r"(?:collect|pick up) (?:my|her|his|their|the) (?:\w+ )?(?:card|cards|money|cash|gold|jewellery|"
        r"bank card|pin|savings)\b",
        # a caller posing as the police or the bank sends them to withdraw cash
        rf"\b(?:call|called|rang|phone|caller|told|police|scam)\b.{{0,80}}?\b(?:going|gone|heading|driving|"
        rf"on (?:her|his|my|their) way) to (?:the|a) {_BANK}\b",
    )),
    ("in_progress", "in_progress.grooming", (
        r"\b(?:being|been) groomed\b|\bgrooming (?:my|our|her|him|a|kids|children|girls|boys)\b",
    )),
    ("in_progress", "in_progress.indecent_exposure", (
        r"\bexpos(?:ed|ing) (?:him|her|them)sel(?:f|ves)\b",
        r"\bflashing (?:at )?(?:me|us|kids|children|people)\b",
    )),
    # Threat words without a named harm, below the weapon rules so "threatening me with a knife" names
    # the weapon.
    ("threat", "threat.threatening", (
        r"\b(?:threatening|threatened|threatens) (?:me|us|her|him|them|my|our)\b|\bdeath threats?\b",
        r"\bnever see (?:them|the kids|the children|my kids|my children|my son|my daughter|the baby|"
        r"my baby|him|her) again\b",
    )),
    # Fear, and the person who frightens them being close.
    ("fear", "fear.abuser_here", (
        rf"\b{_ABUSER} (?:is|are) (?:(?:parked|sat|sitting|waiting|standing|stood|hanging about|"
        rf"hanging around) )?(?:here|back|outside|at (?:my|the|our) (?:front |back )?(?:door|window|"
        rf"house|home|flat|gate|work)|outside (?:my|the|our) (?:house|home|flat|door|window|work|school)|"
        rf"in (?:my|the|our) (?:garden|house|flat|home|drive|driveway))\b",
    )),
    ("fear", "fear.abuser_refuses_to_go", (
        rf"\b{_ABUSER} (?:(?:is|has|just|keeps) )*(?:turned up|showed up|shown up|refusing to leave|"
        r"refuses to leave|will not leave|will not go away|keeps coming round)\b",
    )),
    ("fear", "fear.abuser_coming", (
        rf"\b{_ABUSER} (?:(?:is|are|said|says|he|she|they) )*(?:coming|on (?:his|her|their) way) (?:back|"
        r"round|over|here|to (?:my|the|our) (?:house|flat|home|work|door))\b",
    )),
    ("fear", "fear.watching", (
        r"\b(?:someone|somebody|a man|a car|a van|men|people|he|she|they) (?:(?:is|are|keeps|has|been) )*"
        r"(?:watching|staring (?:at|into)|looking (?:in|into|through)) (?:me|us|my|our|the) ?(?:house|home|"
        r"flat|window|windows)?\b",
    )),
    ("fear", "fear.scared", (
        r"\b(?:scared|frightened|terrified|petrified|fearful|in fear|fearing)\b",
        # not the polite "I'm afraid I don't have my reference"
        r"\bafraid\b(?! (?:i|we|it|that|this|so|not|there|the|you|your)\b| of (?:spiders|heights|the dark|"
        r"dogs|flying)\b)",
    )),
    ("fear", "fear.unsafe", (
        r"\b(?:i|we|kids|children|my (?:\w+ )?(?:kids|children|family)) (?:(?:am|are|do|does|just) )?"
        r"(?:not|never) (?:feel |feeling )?safe\b",
        r"\bfeel(?:ing)? (?:so |really |very )?(?:unsafe|in danger|threatened)\b|\b(?:i am|we are) "
        r"(?:not safe|unsafe)\b",
    )),
    ("fear", "fear.cannot_leave", (
        r"\b(?:cannot|can not|unable to|too scared to|afraid to|scared to) (?:leave|escape|get out)\b"
        r"(?! (?:work|early|until|till|a review|feedback|a message|a voicemail|a comment|of (?:bed|work|the|"
        r"my)))",
        r"\b(?:will not|would not|does not|is not|not) (?:let|letting) (?:me|us|her|him|them) (?:leave|go|"
        r"out|escape|get out)\b",
        r"\bstopping (?:me|us|her|him) (?:from )?leaving\b",
    )),
    ("fear", "fear.trapped", (
        r"\b(?:locked|locking|shut|trapped|trapping|barricaded) (?:me|us|her|him|them|myself|ourselves|"
        r"herself|himself|my (?:\w+ )?(?:kids|children|son|daughter|baby|mum|dad|wife|partner)) "
        r"(?:in|inside|up)\b",
        r"\b(?:i am|we are|am|are|i have|we have|i got) (?:been )?(?:locked|trapped|barricaded) "
        r"(?:in|inside)\b",
        r"\bhiding (?:from|in|under|behind)\b|\b(?:i am|we are) hiding\b",
    )),
    # Asking for help outright.
    ("danger_to_life", "danger.asking_for_help", (
        r"\b(?:this is|it is|we have|i have|there is|got|having) (?:an? )?(?:real |genuine |serious |"
        r"medical |police )?emergency\b|^emergency\b|\bsos\b",
        r"\b(?:please|someone|somebody|can you|could you) (?:call|ring|phone|get|send) (?:999|112|"
        r"the police|police|an ambulance|ambulance|the fire brigade|help)\b",
        r"\bsend (?:the )?(?:police|help|an ambulance|ambulance)\b|\bneed an ambulance\b",
        r"\bneed (?:the )?(?:police|help) (?:now|right now|urgently|asap|quick|quickly|immediately|fast)\b",
    )),
    ("danger_to_life", "danger.missing_person", (
        r"\b(?:my|our|his|her) (?:\w+ )?(?:mum|dad|mother|father|husband|wife|partner|nan|grandad|grandma|"
        r"grandmother|grandfather|brother|sister|friend|boyfriend|girlfriend|uncle|aunt|auntie) "
        r"(?:(?:is|has|have|had|was|gone|been|went) )*(?:missing|disappeared|vanished|wandered off)\b"
        r"(?! (?:school|work|"
        r"his|her|their|the|a|you|me|us|out)\b)",
        r"\bmissing (?:person|people)\b",
        r"\b(?:dementia|alzheimers)\b.{0,60}?\b(?:wandered off|missing|gone out|walked off|left the house|"
        r"got out|not come back|cannot find)\b",
        r"\b(?:my|our) (?:\w+ )?(?:mum|dad|mother|father|husband|wife|partner|nan|grandad|grandma|brother|"
        r"sister|boyfriend|girlfriend) (?:has not|have not|did not|never) (?:come|came|got|returned) "
        r"(?:back )?home\b",
    )),
)  # fmt: skip


def _any_of(alternatives: tuple[str, ...]) -> str:
    return "|".join(f"(?:{alternative})" for alternative in alternatives)


class EmergencyDetector:
    """Decides whether one inbound message describes an emergency. Pure and thread-safe; build one."""

    def __init__(self) -> None:
        self._age = re.compile(_AGE)
        self._apostrophes = re.compile(_APOSTROPHES)
        self._non_word = re.compile(_NON_WORD)
        self._long_run = re.compile(_LONG_RUN)
        self._two_as_to = re.compile(_TWO_AS_TO)
        self._split_word = re.compile(_SPLIT_WORD)
        self._negations = tuple(re.compile(pattern) for pattern in _NEGATIONS)
        self._past = re.compile(rf"\b(?:{_any_of(_PAST)})\b")
        self._present = re.compile(rf"\b(?:{_any_of(_PRESENT)})")
        self._rules = tuple(
            (category, rule, re.compile(_any_of(alternatives)), rule in _TENSE_PROOF)
            for category, rule, alternatives in _RULES
        )

    def detect(self, text: str) -> EmergencySignal | None:
        """The first rule that fires on `text`, or None when nothing suggests an emergency."""
        canonical = self._canonicalise(text)
        if not canonical:
            return None
        for negation in self._negations:
            canonical = negation.sub(" ", canonical)
        past_only = self._past.search(canonical) is not None and self._present.search(canonical) is None
        for category, rule, pattern, tense_proof in self._rules:
            if past_only and not tense_proof:
                continue
            if pattern.search(canonical):
                return EmergencySignal(category=category, rule=rule)
        return None

    def _canonicalise(self, text: str) -> str:
        """Lower-case words only, with shorthand and common misspellings replaced by canonical words."""
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
