"""Held-out phrases for the emergency detector: written after the rules were last tuned, and never tuned on.

This is set G, the fourth held-out round. It was written after the rules were widened for set F (round C
in tests/bot/test_emergency.py, where set F now lives as tuning data), and before the detector was run on
it; the figure benchmarks/emergency_eval.py reports for it was taken once, with no rule changed afterwards.

benchmarks/emergency_eval.py reports these apart from the phrase lists in tests/bot/test_emergency.py, so
the figure says how the rules do on wording they have not seen. Do not widen a rule to catch a phrase
from here: that makes the figure meaningless. When the rules are next tuned, move these phrases into the
tests (they become tuning data) and write a fresh held-out set first, in new wording, before looking at
what the detector does with it.

The one-word keywords ("help", "menu", "stop", "1", "2", "thanks") also appear in the tests: they are what
the service's own menu asks people to send, so every set must show they stay quiet.

Some of these are missed or wrongly flagged; that is the point of the file, and no test asserts on it.
"""

from __future__ import annotations

# Life at risk or a crime happening now, in wording not used anywhere in the tests.
HELDOUT_EMERGENCIES: list[str] = [
    # domestic abuse
    "hes dragging me by my hair thru the flat pls",
    "my partner has just thrown a chair at me and is blocking the front door",
    "husband drunk again, he's broken my phone and says nobody will find my body",
    "i'm at my friend's and her boyfriend is slamming her head against the table",
    "my dad has got my mum pinned on the kitchen floor and she can't breathe properly",
    "he's kicking me in the stomach and i'm 6 months pregnant",
    "ex boyfriend has climbed over the back fence and is trying the patio door",
    "mum's fella has a screwdriver and is going mad at her",
    "please come, the man in flat 4 he beat his wife very bad, I hear her crying and the baby",
    # stalking
    "this man has followed me off the train and through the park, he is still about 20m behind",
    "a guy on a bike keeps circling me while i wait for the bus and asking where i live",
    "my ex is sitting in a car opposite my kids' school right now, he's not allowed near us",
    "there is someone in a hoodie standing in my garden looking up at my bedroom",
    "im scared to go out he is waiting at the bottom of the stairwell",
    # self-harm and suicide
    "my brother just rang me crying saying he's on the railway tracks near the station",
    "I have a knife and I don't want to be here anymore",
    "flatmate locked in the bathroom, she's been cutting and there's blood under the door",
    "my dad posted on facebook that he's sorry and he loves us all and now nobody can reach him",
    "my teenager has tied something round her neck in her room",
    "i've taken 40 tablets of my mums",
    # overdose and poisoning
    "my boyfriend injected something and now he's gurgling and won't open his eyes",
    "friend took 3 pills at the festival and is burning up and shaking",
    "my toddler got into the cupboard under the sink and drank some of the dishwasher liquid",
    # medical collapse
    "elderly gentleman just keeled over at the post office counter",
    "my wife's lips have gone purple and she's gasping",
    "man in the street having some kind of fit, head banging on the kerb",
    "Im diabetic and feel really faint and shakey and on my own",
    "my grandad is talking gibberish and his face looks droopy on one side",
    "lady fainted on the bus and hit her head on the pole, lots of blood",
    "my husband is clutching his chest and has gone grey and sweaty",
    "my mum has fallen over and she wont wake up im 8",
    # missing or taken children
    "I CANT FIND MY SON HE WAS ON THE SWINGS 2 MINS AGO",
    "our 9 year old daughter hasn't turned up at her friends house and it's been 2 hours",
    "my baby's dad has snatched her from my arms and drove off, he's not meant to have her",
    "a woman just walked off with a little boy from the soft play and his mum is screaming",
    "my son is 15 and said he's meeting a man he met online, he's not answering and his location is off",
    "a child of about 3 is wandering along the dual carriageway on his own",
    "my son 6 years he is lost in the market, I search one hour",
    "there's a baby crying alone in a car outside the gym, windows up, really hot day",
    # missing vulnerable adults
    "my mum has alzheimers and she's gone out the house in her nightie, it's -2 outside",
    "my autistic brother has run off in the town centre, he is 19 but has the mind of a 7 year old",
    "my uncle who is suicidal hasn't been seen since lunchtime and his car is gone",
    # road collisions
    "bus has gone into the back of a car on the ring road, woman in the car is screaming",
    "car upside down in a ditch on the country lane, i can see someone inside",
    "pedestrian knocked down at the crossing outside lidl, shes not getting up",
    "motorbike crash on the a41, biker thrown over the barrier",
    "a load of scaffolding poles have fallen off a lorry onto the dual carriageway",
    "multiple cars crashed in fog on the M1 northbound, people out of their cars in the road",
    "car has driven into the river by the ford and the water is up to the windows",
    # drink and drug drivers now
    "white audi just left the pub car park swerving, the driver could barely walk",
    "my neighbour is off his head on coke and has just got in his car with the baby",
    "there's a lorry weaving between lanes on the M25 clockwise",
    # burglary and robbery in progress, offender nearby
    "there are two people in my neighbours house and they are away in spain",
    "I've come home and the front door is kicked in and I can hear someone upstairs",
    "someone is inside my car on the drive going through the glovebox now",
    "the shop i work in is being robbed, guy has his hand in his pocket like a gun",
    "just had my bag ripped off my shoulder, lad on a bike, going up Queens Road",
    "3 masked men breaking into the van outside",
    "someone's trying to lever my back door open with something",
    (
        "This is Mrs Patel at 22 Holly Close, there is somebody trying to open my front door with a key "
        "and I live alone"
    ),
    # fights
    "mass brawl on the green at the back of the spoons, about 15 people",
    "bouncers are stamping on a lad outside the club",
    "two girls fighting and one is getting her head kicked in",
    # weapons
    "lad on the bus showing everyone a gun in his bag",
    "guy with a bat smashing car windows and chasing people",
    "my son's friend has brought a kitchen knife to our house and is threatening my son",
    "there's a man sharpening a knife on the step outside and shouting he's going to do someone",
    "neighbour waving a shotgun in his garden and shouting at kids",
    "GUNMAN IN TESCO",
    "stabbing on high st",
    (
        "I'm on the train to Stevenage and a man in the carriage is shouting he will stab anyone who looks "
        "at him, he's got something in his hand and people are moving away"
    ),
    # fire
    "black smoke coming out the windows of the care home",
    "my tumble dryer is on fire i've got the kids out",
    "fire in the woods behind the houses, it's spreading towards the gardens",
    "someone has just thrown a petrol bomb at the shop",
    "flat on fire 3rd floor",
    # trapped and drowning
    "dog walker has gone into the river after her dog and she's gone under",
    "my son is stuck in the lift between floors and he's having a panic attack",
    "kids on an inflatable being blown out to sea",
    "man trapped under a collapsed wall at the building site",
    # kidnap
    "they've got my brother in the boot of a car, I saw it happen on Mill Lane",
    "my girlfriend rang me screaming that some men have taken her and she doesn't know where she is",
    "gang are holding my son until i pay what he owes, they sent a photo of him tied up",
    # fraud in progress
    "my grandmother is at the Barclays counter now trying to withdraw 12k, says the police told her to",
    "a fake policeman is sitting in my aunties living room waiting for her to bring her cash",
    "my dad is being talked into buying gift cards right now by someone on the phone",
    # threats arriving now
    "I keep getting voice notes saying they're coming to my house tonight with a blade",
    "ex messaging me pics of my own front door and saying im watching u",
    "a guy just messaged me saying he'll come and cut my face, he knows my address",
    # hate attacks now
    "some men are pulling a woman's hijab and spitting at her at the bus station",
    "they are throwing stones at my house and shouting we're not wanted here, there are kids inside",
    "a group surrounding a disabled man and hitting him on the footbridge",
    # short, panicked, shorthand
    "helpp hes bak",
    "hurry hes coming up the stairs",
    "a man just exposed himself to my daughter at the bus stop and he's still standing there",
]

# Everyday texts to a police non-emergency service that must not set off the 999 reply.
HELDOUT_NOT_EMERGENCIES: list[str] = [
    # crimes reported after the fact
    "my shed was broken into while we were on holiday, nothing much taken",
    "someone hit my wing mirror last night and drove off",
    "my son's phone got taken off him at school by another boy last week",
    "my house was burgled in march and I'd like an update",
    "I was assaulted on a night out last month and didn't report it at the time",
    "my car was written off in a crash last week, insurer wants a police reference",
    "a guy scraped my car in the tesco car park and left his number, do I need to report it",
    "my bike was stolen from the rack at work, I have the frame number",
    "my daughter was sent a threatening message on tiktok a few weeks ago, it has stopped now",
    "my son was in a car accident last year and the other driver wasn't insured",
    "there was a knife found in the park yesterday by my son, we've handed it in",
    "my neighbour was shouting racist things at me on Saturday",
    "hello please, how i can report my bicycle is stolen",
    # scams that already happened
    "got scammed on vinted, paid £80 for a phone that never came",
    "i had £300 taken out of my account by a scam text last month, bank refunded me",
    "my mum got a call from 'HMRC' yesterday, she didn't pay anything",
    "someone has been using my address to register cars",
    # nuisances and matters for someone else
    "the car park by the station has no lights, can someone look at it",
    "my neighbour keeps blocking my drive with his van",
    "loud music from the flat above every weekend",
    "teenagers drinking in the play park most evenings and leaving cans",
    "someone fly tipped a mattress at the end of our road",
    "who do I contact about a rat problem",
    "my neighbour's hedge is blocking the footpath",
    "the bus stop has been smashed again",
    "graffiti on the school wall",
    "there's been a strange van parked on our road a few times this week",
    "my husband and i split up and he won't give me back the car",
    "I think my elderly neighbour is being taken advantage of by a builder, can someone check",
    "i'm scared of walking past the underpass at night because it's dark, who can fix the lights",
    "the fire station near me is always sounding sirens at night, is that normal",
    # lost and found
    "lost my airpods on the bus",
    "found a purse on the pavement outside the co-op",
    "my wallet has gone missing, I think I dropped it",
    "my cat has been missing for 3 days",
    "I want to report a lost dog I found",
    "my passport I lose it in the train, what I do",
    # questions about the service and the law
    "how do I get my crime reference number again",
    "what happens after I report something online",
    "is this a real officer",
    "do you work weekends",
    "can I report someone for benefit fraud",
    "how do I report a drink driver anonymously, he does it every weekend",
    "what are the rules on e-scooters",
    "my ex keeps turning up at my mum's, i'd like advice on a non-molestation order",
    "is a dashcam video enough evidence",
    "how do i apply for a firearms licence",
    "I'd like to become a volunteer police cadet",
    "how long does a police caution stay on record",
    "can i complain about how my case was handled",
    "I reported a crime and haven't heard back",
    "is it an offence to drive without insurance",
    "Can I get advice on keeping my home secure after a burglary down the road",
    "how do i get a copy of my dashcam footage to you",
    # keywords, replies and thanks
    "help",
    "menu",
    "stop",
    "1",
    "2",
    "thanks",
    "Thanks, that's all I needed",
    "thank you, the officer was lovely",
    "my son got his bike back, thanks for your help",
    "stop messaging me",
    "hello?",
    "wrong number sorry",
]
