"""The emergency detector: what it must catch, what it must leave alone, and what it calls each one.

EMERGENCIES and NOT_EMERGENCIES are also read by benchmarks/emergency_eval.py; add a phrase here when a
real message is missed or wrongly flagged, and it becomes a test and part of the evaluation at once.
These lists are what the rules were tuned on. benchmarks/emergency_heldout.py holds phrases the rules were
never tuned on; do not copy them here unless a fresh held-out set is written to replace them.
"""

from __future__ import annotations

import time

import pytest

from bot import emergency
from bot.emergency import EmergencyDetector, EmergencySignal

# Life at risk or a crime happening now, written the way people text in a hurry.
EMERGENCIES: list[str] = [
    # danger to life
    "he is going to kill me",
    "HE SAYS HELL KILL ME",
    "he'll kill her",
    "my husband said hes going to kill us all",
    "my son wants to kill himself",
    "she is suicidal and has pills",
    "my mate says he is going to end his life tonight",
    "i think my neighbour is dead",
    "someone is in danger",
    "theres a man in the river drowning",
    "my ex keeps threatening to kill me",
    "this is an emergency",
    "please call an ambulance",
    # violence happening now
    "he's hitting me",
    "hes hittin me plz help",
    "i am being attacked",
    "they are beating him up outside",
    "fight outside with loads of people",
    "ppl fighting outside the pub rn",
    "my bf is beating me",
    "they are attaking my brother",
    "he is strangling her",
    "a group of lads are kicking someone on the floor",
    "my dad is getting violent",
    "a dog is attacking a child in the park",
    # weapons
    "he has a knife",
    "HE HAS A KNIF",
    "hes got a gun",
    "a man with a machete outside the shop",
    "someones been stabbed",
    "my friend has been stabed",
    "shots fired on my road",
    "gunn shots outside",
    "armed man in the garden",
    "there's been a stabbing outside the chip shop",
    "someone threw acid at a woman",
    # crimes in progress
    "someone is breaking in",
    "burglars in my house right now",
    "i am being robbed",
    "they're trying to get in my door",
    "someone is stealing my car right now",
    "im being followed",
    "a man keeps following me home",
    "theres sum1 in my garden",
    "some1 tryin 2 get in my house",
    "i can hear someone downstairs",
    "he is smashing up the house",
    "theres a drunk driver on the m1 rn",
    "my neighbour is drunk and about to drive his car",
    "a man is taking my nan to the bank to get cash for someone on the phone",
    "my mum is being taken to the bank by a fake policeman",
    "I've just been mugged and he's still round the corner",
    "just got robbed they went towards the station",
    "he hit me last night and he's here now",
    "someone just broke into my car and they are still in the car park",
    # injury
    "he is not breathing",
    "my dad collapsed and isnt breathin",
    "shes unconcious",
    "hes bleading loads",
    "she is bleeding badly",
    "an old man has collapsed in the street",
    "my mate has overdosed",
    "he wont wake up",
    "my baby is choking",
    "my husband is having a heart attack",
    # fire
    "my house is on fire",
    "smoke pouring out of the flat upstairs",
    "fire next door",
    "FIRE IN MY KITCHEN",
    "kids have set fire to the bins outside",
    # missing children
    "my son is missing",
    "cant find my daughter anywhere",
    "child has been taken",
    "lost my little boy at the park",
    "my 5yo has wandered off at the shops",
    "my daughter has been kidnaped",
    "my 14 year old has not come home and isnt answering",
    # threats
    "he's threatening to stab me",
    "hes threatning to stab me",
    "he says he'll hurt me",
    "he threatened to burn the house down",
    "my ex texted saying he will come round and smash my car",
    # here, scared, cannot leave
    "hes here",
    "he's outside my house",
    "my ex is at the door",
    "i'm scared",
    "im so scared",
    "I can't leave",
    "he won't let me leave",
    "he locked me in the bedroom",
    "i am hiding from him in the bathroom",
    "i dont feel safe",
    # roads
    "car crash someone is hurt",
    "hit by a car",
    "crash blocking the motorway",
    "accident on the a414 and someone is trapped",
    "cows loose on the motorway",
    # kidnap
    "a woman was bundled into a van",
    "she is being held against her will",
    # shorthand and misspellings mixed in
    "pls send police asap my bf is hitting me",
    "u need to come now hes got a knife",
    "theres a guy with a knife outside ur station",
    "some1 is following me dont know what to do",
    "cant breath",
    "hes outside with a bat",
    "i want to die",
    "there is a man on the bridge threatening to jump",
    "someone smashed my window and is inside",
    "somebody has taken my baby",
    "he has pinned me down",
    "my nan just got a call from the 'police' and she's going to the bank now to take out £5000",
    "i've been robbed and they ran off down the road, still in sight",
    "a lorry has hit a car and the road is completely blocked",
    "someone has been hit by a bus",
    "my ex has turned up and is refusing to leave",
    # found missing from earlier versions of the rules
    "a man has just tried to snatch my bag and hes hanging about outside the co op",
    "woman screaming for help in the alley behind my house",
    "there's a man slumped in a car and he's gone grey",
    "a car just mounted the pavement and hit a kid",
    "a van has crashed into the front of the shop",
    "my teenage daughter has run off with an older man",
    "our 2 year old got out of the house and we can't find him",
    "my husband hasn't come home and he said he wanted to end it",
    "he's threatening to throw himself off the balcony",
    "two cars collided at the junction and one is on its side",
    "my little boy went out to play an hour ago and hes not answering his phone",
    "some guy is swinging a chain at people outside the station",
    "a man is forcing his way into my neighbours flat",
    "my grandad with dementia has wandered off and its freezing",
    "my ex has just poured petrol through my door",
    "he's got my daughter in the car and he's been drinking",
    # round A: fresh wording written before the rules were widened for it (teenagers, elderly people,
    # bystanders, panic, shorthand, non-native English), then caught by widening the rules
    "pls come hes kicking the door in and the kids are upstairs",
    "my boyfriend just threw me against the wall and hes still shouting",
    "HE IS BACK AND HE IS DRUNK AND SMASHING THINGS",
    "husband has me by the hair please",
    "he took my phone so im using my daughters, he wont let me out the flat",
    "theres a car thats followed me for 3 streets and now its parked outside my house",
    "a man has been walking behind me since the station and i'm on my own",
    "my friend just messaged saying goodbye and that she's taken all her tablets",
    "my son is on the roof saying he will jump",
    "bf says hes gonna slit his wrists and locked himself in bathroom",
    "found my flatmate on the floor, there's empty pill packets everywhere",
    "i think my brother took too much heroin he's snoring weird and wont respond",
    "my elderly neighbour has fallen in her garden and cant get up shes 90",
    "old lady collapsed at bus stop not moving",
    "grandma fell down the stairs and her head is bleeding",
    "my 3 year old was in the garden now he's gone, gate is open",
    "i cant find my little girl at the fair, she's 6 wearing pink coat",
    "a man just pulled a kid into his car on high street",
    "crash on the a10 car upside down people inside",
    "motorbike came off on the roundabout rider is lying in the road",
    "lorry shed its load all over the m25 lanes blocked",
    "a car has just ploughed into people outside the school",
    "guy just left the pub absolutely hammered and got in his car, heading down london road",
    "the car in front of me is swerving all over the road, think hes drunk",
    "someone is in my house i can hear them moving about downstairs",
    "2 men in balaclavas are in my neighbours garden climbing in the window",
    "there are people in my back garden with torches at 3am",
    "just had my phone snatched by two lads on a moped, theyre still going round the block",
    "i have just been robbed at knife point, they ran into the park",
    "massive fight outside the kebab shop bottles being thrown",
    "lads scrapping in the street one of them has a bat",
    "he's got a blade in his waistband",
    "a guy is walking around with a gun in his hand on the estate",
    "knife",
    "fire!!!",
    "the flat across the road is in flames and theres people at the window",
    "smell gas and smoke coming from under next doors door",
    "man trapped under a car",
    "kid in the canal he cant swim",
    "someone has jumped into the river, they're not coming up",
    "they've taken my sister and put her in a van",
    "someone is keeping my friend locked in a room and won't let her go",
    "there is a man at the cash machine with an old lady and he's making her take money out",
    "a man has my mum in his car and is making her withdraw cash at every atm",
    "he keeps texting me saying he's outside with a knife and he's going to get me",
    "getting messages right now from my ex saying tonight i die",
    "group of men shouting racist abuse and punching a man at the bus stop right now",
    "they're attacking a woman in a hijab on the train",
    "pls help hes here",
    "HELP HE'S GOT MY SON",
    "my mum's not answering and she's diabetic, i'm outside and can see her on the floor through the window",
    "please my dad has stopped breathing",
    "im being stalked by my ex he is at the end of my road now",
    "ma husband beat me now he sleep i am afraid he wake up",
    "please help my husband he hit me very hard, blood from nose, he is in kitchen now",
    "my wife she is not wake up, she take many medicine",
    "there is man with big knife in shop, everyone run",
    "omg someone is getting jumped outside my window",
    (
        "ok so im at the park with my mates and theres this guy whos been like watching us and now hes "
        "coming over with something in his hand we're really freaked out"
    ),
    (
        "Good evening, I'm sorry to trouble you, I wasn't sure who to contact, but there is a young man "
        "lying at the bottom of my drive and he appears to have been hurt quite badly, he is not "
        "answering me"
    ),
    (
        "i was going to report my neighbour for noise but now he has just punched his girlfriend in the "
        "street and she is on the ground"
    ),
    "someone's trying to set fire to my car",
    "my ex says if i dont open the door he will burn the place down",
    "my son is having a fit and his lips are blue",
    "he is threatening to jump off the multi storey",
    "someone snatched my bag and pushed me over, im bleeding, he went towards the station",
    "hes strangling me",
    "girl being dragged down the alley screaming",
    "the man who attacked me last month is outside my door now",
    "bruv theres man with shanks outside the chicken shop",
    "my mates gettin rushed by like 6 ppl",
    "Dear Sir, my husband has had a fall and I cannot lift him, he is very cold and confused",
    "someone keeps ringing my doorbell and banging the windows and shouting that they will get me",
    "a woman is being sick and shaking on the floor of the toilets in the club think her drink was spiked",
    "CAR ON FIRE ON THE M1 HARD SHOULDER PEOPLE STILL IN IT",
    # round B: a second fresh set, written after the round A widening and before the round B one
    "my step dad is hurting my mum again i can hear her crying pls send someone",
    "hes pushed me down the stairs and taken the car keys",
    "im in the bathroom with the baby, he is kicking the door",
    "GET HERE NOW HE WONT STOP",
    "he keeps choking me and saying hell finish me",
    "she's thrown a plate at my head and blood is running down my face",
    "neighbour upstairs is screaming and theres loud thumps, i think he is hitting her",
    "guy in a hoodie has been behind me for ages, I'm walking faster and so is he",
    "there's a white van that keeps circling the block and the driver keeps looking at my daughter",
    "my ex is sat in his car across the street watching the house again, i have an order against him",
    "my friend sent me a voice note saying she wants to end everything and now her phone is off",
    "my brother is stood on the motorway bridge and wont come down",
    "my flatmate has cut her arms really deep and won't let me call anyone",
    "found my son with a belt round his neck, he's breathing but barely",
    "mate took a load of ket and some pills and now hes shaking and his eyes are rolling",
    "my dad's passed out drunk and we can't wake him, he's gone a funny colour",
    "nan fell getting out of the bath and is stuck on the floor shes 87",
    "there's an old gentleman sat on the pavement outside Boots, he's confused and bleeding from his head",
    "my grandad isn't making any sense and one side of his face has dropped",
    "lost sight of my son in the shopping centre, hes 4, been 10 mins",
    "our 7 year old never came out of school, the teachers don't know where she is",
    "a woman is trying to take a little boy who is screaming he doesnt know her",
    "someone's tried to get my daughter into a car outside the school gates just now",
    "bad smash on the A1M, a car is on its roof and theres a man not moving",
    "motorbike v car at the lights, lad on the floor with his leg bent wrong",
    "theres a lorry jackknifed across all 3 lanes",
    "a guy has just knocked over a cyclist and driven off, cyclist is on the ground",
    "the bloke next door is blind drunk and just reversed out with his kids in the car",
    (
        "there's a car going really slowly then speeding up and drifting into the other lane, driver "
        "looks asleep"
    ),
    "2 men round the back of our house trying the windows",
    "I can see a torch moving in my neighbours house and they are on holiday",
    "someones in our loft i heard them moving around",
    "they just robbed the corner shop with a hammer and ran towards the flats",
    "lad on a bike just yanked my phone out of my hand, he went down Church Street",
    "a group of youths are kicking a man on the floor outside the station",
    "glassing in the pub, guy's face is in bits",
    "some lad has pulled a knife in the park",
    "teenager waving a zombie knife around on the bus",
    "i think i just heard gunshots behind the flats",
    "gun!!",
    "stabbed",
    "FIRE IN THE BLOCK ACROSS THE ROAD",
    "my neighbours kitchen is full of smoke and she isnt answering the door",
    "the e-scooter charging in the hallway has burst into flames",
    "the barn next to us is alight and there are horses in it",
    "kid has gone through the ice on the pond",
    "a man's fallen in the canal by the lock and he's not moving",
    "my sister's been forced into a car by three men",
    "they've got my son and they're asking for money",
    "a stranger is in the bank with my elderly neighbour telling her to take out everything",
    (
        "my dad is being told by a 'police officer' on the phone to withdraw 8000 right now and hand it "
        "to a courier"
    ),
    (
        "somebody keeps sending me messages saying they're outside my house and they're going to burn "
        "it with me inside"
    ),
    "just got a message from an unknown number with a pic of my front door saying see you tonight",
    "a gang is beating up a lad because he's gay, outside the club now",
    "someone's ripped a woman's headscarf off and is hitting her at the bus stop",
    "please i need help he is back",
    "hes found me",
    "im so frightened he's banging on the windows",
    "he's got my little girl and won't give her back, he's drunk and driving around with her",
    "my mum's boyfriend is strangling her pls",
    "I think my daughter has taken an overdose, she's very drowsy",
    "a man has collapsed in the gym and isnt breathing, someone's doing cpr",
    "my neighbour has been stabbed and is at my door",
    "i just got punched in the face by a random bloke and he's still walking about",
    "there is a guy exposing himself to kids at the park right now",
    "people are smashing up cars in the street",
    "a man is threatening staff with a bottle in the shop",
    "omg theres a guy on the roof of the building opposite, looks like he's gonna jump",
    "i'm at the top of the car park and i'm going to jump",
    (
        "I am writing to report that my elderly mother, who lives alone and has dementia, went out for "
        "a walk at lunchtime and has not returned and it is getting dark and very cold and I am "
        "extremely worried"
    ),
    (
        "hi sorry to bother you, I work at the garage on the high street and a customer has just come "
        "in saying a man down the road attacked her with a screwdriver and he is still out there"
    ),
    "please help, my husband he beat me and the child, now he take knife",
    "is a man in my garden with face covered, I am alone with baby",
    "my son he not come home from school, he is 8, phone not answer",
    "someone trying open my car door i am inside",
    "car accident people bleeding come quick",
    "wtf theres a fight with knives outside maccies",
    "bf threw me out the car on the motorway and i dont know where i am",
    # found while widening the rules after round B
    "he has got me pinned against the wall",
    "someone has fallen off the cliff at the beach",
    "there's a van driving on the pavement",
    "my daughter has been missing since yesterday",
    "my son didn't come home last night and his phone is off",
    "my diabetic dad did not come home last night",
    "my autistic son has not come home",
    "my son has been missing since this morning",
    "my husband is drunk and he is hitting the children",
    "he is throwing me around the kitchen",
    "he just threw the baby on the bed and is screaming at me",
    "please he is going to hurt me",
    "he said if i call police he will kill the dog and me",
    "im scared he will kill me tonight",
    "my dad is beating my mum up downstairs",
    "he's got hold of my daughter and won't let go",
    "he broke my nose",
    "shes bleeding from her head after he hit her with the iron",
    "he punched a hole in the door and now hes coming for me",
    "i'm hiding in the wardrobe",
    "some bloke keeps following me round the supermarket",
    "a car has pulled up next to me and the man is telling me to get in",
    "there's a man hiding in the bushes outside my flat",
    "my daughter is on the bathroom floor with an empty bottle of vodka and pills",
    "he's taken an overdose of his insulin",
    "she's not breathing properly",
    "my husband has chest pain and he's sweating a lot",
    "my 2 year old swallowed a battery",
    "baby's lips are blue",
    "someone's been hit by a train",
    "man collapsed in the street he's turning purple",
    "my wife fell in the garden she is 85 and very cold",
    "granny isn't responding to me",
    "little boy lost crying at the bus station alone",
    "my son is 10 and hasn't come back from the park, its dark now",
    "my daughter got into a car with a man we dont know",
    "theres a kid been snatched outside the school",
    "car crashed into a tree and its smoking",
    "people trapped in a car after crash on the bypass",
    "a van is on its side on the roundabout",
    "driver collapsed at the wheel",
    "this guy is driving like a maniac he's going to kill someone",
    "a man just climbed through my neighbours window",
    "someones broken in and they're still in the house",
    "i can hear someone trying to get in the back door",
    "they are looting the shop",
    "two men just robbed the post office and sped off in a black car",
    "my bag just got snatched, the guy is running towards the park",
    "a bunch of lads are kicking off with knives at the station",
    "man with a crossbow in the park",
    "there's a guy walking around with a gun tucked in his jeans",
    "someones shooting at houses",
    "the house opposite is on fire and there's kids inside",
    "the flats are filling with smoke",
    "my neighbours garage is burning",
    "boy drowning in the lake",
    "someones fallen in the river and is being swept away",
    "a girl is being dragged into a van",
    "they've kidnapped my brother and they're sending me videos",
    "a man is making my grandad drive to the bank to get money out",
    "my mum is on the phone to someone pretending to be the police and she's about to go to the bank",
    "i've got texts saying they're going to stab me after school",
    "he keeps messaging me saying ur dead tonight",
    "they are beating up a man because he's black",
    "a group of men are attacking a gay couple",
    "please come",
    "hurry please",
    "KNIFE!!!!",
    "shots fired!!!",
    "sos",
    "he's here and he's angry",
    "he is trying to strangle me",
]

# Past events, negated injuries, questions and everyday texts that must not set off the 999 reply.
# Some false alarms are accepted on purpose, so they are not listed here: a hypothetical question
# ("what happens if someone has a knife") or fear of something harmless ("I'm scared of next door's dog").
NOT_EMERGENCIES: list[str] = [
    # past, with nothing to say it is still going on
    "there was a fire at the school last month",
    "I was assaulted last year and want an update",
    "my bike was stolen yesterday",
    "someone stabbed my tyres last week",
    "he threatened me 3 weeks ago",
    "my car was broken into overnight",
    "i was mugged 2 years ago and still have not heard anything",
    "someone tried to break into my shed last night",
    "there was a fight in town last weekend",
    "I want to report historic abuse from when I was a child",
    "I lost my son in 2019 and want to talk to someone",
    "my house was burgled in 2022, can I get the crime number again",
    "I was in a car accident two weeks ago and need the other drivers details",
    # collisions without injury
    "someone crashed into my car, no one was hurt",
    "minor bump nobody injured",
    "not hurt just damage",
    "i had a crash on the motorway yesterday, just damage",
    "someone reversed into me in the car park, no injuries, they drove off",
    "had a small accident, no one injured, just a dent",
    "someone hit my car in the car park and drove off",
    # questions about the service
    "what counts as an emergency",
    "when should I call 999",
    "is 101 free",
    "can I text 999",
    "how do I get a crime reference number",
    "can I report a crime online",
    "where is my nearest police station",
    "what time does the police station open",
    "are you a real person",
    # ordinary texts, most for someone other than the police
    "my neighbours are really noisy",
    "there is a pothole on my road",
    "I lost my wallet",
    "I got a scam text",
    "fireworks at night",
    "I got fired from my job",
    "my phone is dead",
    "I'm dying to know my crime number",
    "killing time",
    "how do I report fly tipping",
    "I want to speak to a person",
    "my neighbours dog keeps barking",
    "someone keeps parking across my drive",
    "street light is broken",
    "my smoke alarm keeps beeping",
    "the shops fire exit is blocked",
    "is there a fire safety check service",
    "my feet are killing me after that walk",
    "this heat is killing me",
    "I'm afraid I don't have my reference number",
    "my son lost his phone at the park",
    "my daughter lost her purse",
    "I'm locked out of my account",
    "my friend is stuck in traffic",
    "where can I hand in a knife I found",
    "I need a copy of a police report for my insurance",
    "somebody hacked my facebook",
    "I think someone is using my bank card",
    "my bank card was cloned",
    "I want to make a complaint about an officer",
    "my car has been clamped",
    "the noise is keeping me up at night",
    "my neighbour is having a bonfire",
    "there is a dead fox in the road",
    "my dads phone is broken",
    "can I get a firearms licence renewal form",
    "my son has lost his bike",
    "I'd like to give information about drug dealing anonymously",
    "I'm not scared, just annoyed",
    "my bleeding neighbours are at it again",
    "can you help me find my crime number",
    "I need help with an online form",
    "my son is missing school a lot, who do I talk to",
    "I can't leave a review on your website",
    "my son was hit by a ball at football",
    "there's a broken bottle on the pavement",
    "someone keeps stealing my parcels",
    "he threatened me 3 weeks ago, what happens now",
    "I'd like to report a suspicious van I saw on Tuesday",
    "my bike got nicked from outside the station yesterday",
    "Can I get advice on a restraining order, my ex hit me 2 years ago",
    "he used to hit me when we were together years ago",
    "my son had a fight at school last week",
    "i am not in danger just want advice",
    "my wallet is missing",
    "my dog is missing",
    "i locked my keys in the car",
    "i am stuck at the station, trains are cancelled",
    "my friend got punched in town at the weekend, does he need to report it",
    "i want to get my gun licence renewed",
    "my kitchen knives were stolen in a burglary 2 weeks ago",
    "i'm writing a school project about knife crime",
    "my car alarm keeps going off at night",
    "i was sent a threatening email by my landlord in 2023",
    "we had a burglary in the summer and want to know about the case",
    "a man knocked on my door selling dusters",
    "our dog got out but came back",
    "is it ok to use a taser for self defence",
    # keywords and one-word replies
    "hello",
    "hi",
    "help",
    "HELP",
    "menu",
    "stop",
    "1",
    "2",
    "thanks",
    "ok",
    "yes",
    "",
    "   ",
    "👍",
    # round A (see above)
    "my car got keyed last night",
    "someone smashed my shed window while we were away on holiday",
    "how do i report a scam phone call",
    "i got a text saying my parcel is held, is it a scam",
    "is it illegal for my neighbour to play music after 11",
    "the street lights on elm road are out",
    "big pothole outside number 12, nearly broke my wheel",
    "lost my purse on the bus this morning",
    "found a wallet in the park what do i do",
    "i want to report a crime that happened last tuesday",
    "got my bike nicked from outside tesco earlier, what do i do",
    "my ex keeps messaging me on facebook, i want advice about harassment",
    "can i report drink driving that i saw last weekend",
    "someone dumped rubbish in the alley behind my house",
    "how long does it take to get a crime number",
    "who do i contact about a noisy party next door",
    "where do i pay a speeding fine",
    "do you have a number for victim support",
    "i need to update my statement",
    "can someone call me back tomorrow about my case",
    "thank you for your help",
    "cheers",
    "STOP",
    "menu please",
    "no",
    "what are your opening hours",
    "is this a real person or a bot",
    "my neighbour's tree is hanging over my fence",
    "kids kicking a football against my wall every evening",
    "there's an abandoned car on our street for 3 weeks",
    "how do i get my stuff back from the police station",
    "my daughter's phone was stolen at school",
    "I was scammed out of £200 on marketplace",
    "someone used my card online, bank said to contact police",
    "my teenage son is being bullied on snapchat",
    "want to report a pothole",
    "i think my neighbour is growing cannabis",
    "dog poo everywhere on the footpath",
    "someone keeps parking on the pavement outside the school",
    "my passport is lost",
    "hi can I get some advice",
    "how do I apply for a shotgun certificate",
    "got into an argument with my neighbour about bins, want it on record",
    "a man was selling fake perfume at the market last week",
    "my car got hit while parked, the other driver left a note",
    "I'd like to know how to report a hate crime online",
    "my mum is elderly and got a suspicious call, she didn't give any details",
    # round B
    "my car was vandalised sometime overnight, wing mirror snapped",
    "I was pickpocketed in London last Saturday",
    "there's a van parked on the pavement outside my house for 2 days",
    "how do I report my neighbour for having a fire in their garden every weekend",
    "someone is flying a drone over my garden, is that legal",
    "my son's bike was taken from school, do I report to you or the school",
    "can I get a copy of my statement",
    "I want to report a scam website",
    "I've received a fake HMRC text",
    "my ex keeps posting about me on facebook, what can i do",
    "I need a crime reference number for my insurance, my phone was stolen on the train",
    "there's graffiti on the bus shelter",
    "my neighbours CCTV points into my garden",
    "how long do you keep my details",
    "is this service monitored 24 hours",
    "can I report anonymously",
    "who do I talk to about a missed bin collection",
    "my parcel was stolen from my doorstep while I was at work",
    "my wheelie bin was set on fire last week",
    "my tyres were slashed during the night",
    "someone dented my car at the supermarket car park and didn't leave a note",
    "there are youths hanging around the shops every evening being loud",
    "our neighbour's dog barks all night",
    "I think my elderly dad is being financially exploited by his carer, who can I talk to",
    "my daughter received inappropriate messages from an adult online last month",
    "lost my driving licence",
    "found a bag of what looks like cannabis in the park",
    "I'd like to thank the officer who helped me yesterday",
    "how do i become a special constable",
    "what's the number for crimestoppers",
    "I want to check if a firework display needs permission",
    "can you tell me if there are roadworks on the A414",
    "my hubby crashed into a bollard, just a scratch, do we need to report it",
    "the traffic lights at the junction are broken",
    "I witnessed a hit and run last week and want to give a statement",
    "someone has been fly tipping in the lane behind us",
    "my car was towed, where is it",
    "my son was threatened at school last week, the school knows",
    "the man next door keeps playing loud music, it's driving me mad",
    "I'm being harassed by a debt collector",
    "my friend's wallet was stolen at the festival on sunday",
    "what do I do if I find a syringe in the park",
    "I have information about a stolen car parked on my street",
    "options",
    "no thanks",
    "ta",
    "bye",
    "yes please",
    "I'd like to report a lost dog",
    "my mum got a call claiming to be from amazon yesterday, she hung up",
    "how do I get a restraining order",
    "kids knocking on doors and running away, really annoying",
    "someone keeps ringing me and hanging up",
    "my neighbour's tree fell on my fence in the storm",
    # found while widening the rules after round B
    "a courier is coming to collect my parcel",
    "my ex told me to withdraw my statement",
    "can I get pictures of my car from the crash for insurance",
    "I'm trapped in a contract with my phone provider",
    "the lights are going on and off in the empty house next door",
    "my son went missing last year but was found safe",
    "my son has taken drugs before and I'm worried",
    "my son was missing for an hour yesterday but he came home",
    "my neighbour's car alarm is going off again",
    "I need to report that my car was hit while parked last night",
    "my son broke his arm playing football last month and we want to report the tackle",
    "can you tell me how to report a drunk driver i saw last week",
    "the neighbours are drunk and loud again",
    "i take pills for my blood pressure, does that affect my licence",
    "my phone is dead so please email me",
    "how do I report someone who keeps parking across my drive",
    "i was knocked off my bike by a car last month and need the drivers insurance details",
    "i'm fed up, my car keeps getting keyed",
    "the kids next door keep throwing their ball over my fence",
    "i've been scammed on facebook marketplace",
    "my daughter is being bullied at school",
    "my ex won't stop texting me, it's harassment",
    "I found a knife in the park yesterday, what should I do",
    "my son wants to join the police, how does he apply",
    "what do I do about a stolen number plate",
    "is it legal to carry a pocket knife",
    "I'd like to report a car that's been abandoned",
    "there's broken glass all over the play park",
    "I think my neighbour is running a business from home",
    "my elderly mum got a scam call, she's fine but shaken",
    "the man at the shop was rude to me",
    "my lodger won't pay rent and won't leave",
    "my bike was stolen from outside the gym this afternoon",
    "someone has smashed the bus shelter glass",
    "can I get a copy of the accident report",
    "my teenage son was stopped and searched, I want to complain",
    "the street lights are out and it's dark and scary walking home",
    "I want to report a noisy party that happened on Saturday",
    "I was hit by a car 3 years ago and still have back pain, can I claim",
    "my car was hit in the car park while I was shopping",
    "someone stole the fuel from my van overnight",
    "there's a dead badger on the road",
    "my neighbour keeps putting his bins in front of my house",
    "who do I call about a gas smell in the street",
    "my son has run away from home before, he always comes back, how do I log it",
    "can I report a burglary online",
    "a man keeps sitting on my wall eating chips",
    "the pub down the road has fights every saturday",
    "my friend's car was stolen last night and found burnt out this morning",
    "i'm looking for my lost cat, ginger tom",
    "my daughter's ex keeps sending her nasty messages",
    "I've been asked to give a statement about a fight I saw",
    "where do I collect my property from",
    "how do I get a copy of my DBS check",
    "my husband had a heart attack last year and i need a letter for the court",
    "my son was attacked at school last week and the school did nothing",
    "there is a car parked on double yellows outside the school every morning",
    "the alarm at the shop has been going off for hours",
    "my neighbour is having building work done and the dust is everywhere",
    "my car got hit by a shopping trolley",
    "please can someone call me back about my case",
    "I need to update my address",
    "my son got into a fight at school today and has a black eye, should I report it",
    "a drone keeps flying over my garden",
    "I want to complain about a police car that was speeding",
    "someone hacked my instagram and is posting as me",
    "my mum fell last week and broke her hip and the hospital were rubbish",
]


@pytest.fixture(scope="module")
def detector() -> EmergencyDetector:
    return EmergencyDetector()


@pytest.mark.parametrize("text", EMERGENCIES)
def test_flags_emergency(detector: EmergencyDetector, text: str) -> None:
    assert detector.detect(text) is not None


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_leaves_non_emergency_alone(detector: EmergencyDetector, text: str) -> None:
    assert detector.detect(text) is None


def test_phrase_lists_are_big_enough_and_distinct() -> None:
    assert len(set(EMERGENCIES)) == len(EMERGENCIES) >= 75
    assert len(set(NOT_EMERGENCIES)) == len(NOT_EMERGENCIES) >= 75
    assert not set(EMERGENCIES) & set(NOT_EMERGENCIES)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("he is going to kill me", "danger_to_life"),
        ("my son wants to kill himself", "danger_to_life"),
        ("hes hitting me", "violence"),
        ("he has a knife", "weapon"),
        ("shots fired", "weapon"),
        ("someone is breaking in", "in_progress"),
        ("drunk driver on the motorway right now", "in_progress"),
        ("he is not breathing", "injury"),
        ("my house is on fire", "fire"),
        ("my son is missing", "missing_child"),
        ("my daughter has been kidnapped", "missing_child"),
        ("hes threatening to stab me", "threat"),
        ("he is threatening me with a knife", "weapon"),
        ("im so scared", "fear"),
        ("he is outside my house", "fear"),
        ("car crash someone is hurt", "collision_injury"),
        ("hit by a car", "collision_injury"),
        ("knife", "weapon"),
        ("my daughter has been missing since yesterday", "missing_child"),
        ("a man is making my nan take money out at the cashpoint", "in_progress"),
        ("he keeps messaging me saying ur dead tonight", "threat"),
    ],
)
def test_names_the_category(detector: EmergencyDetector, text: str, category: str) -> None:
    signal = detector.detect(text)
    assert signal is not None
    assert signal.category == category


def test_present_marker_outweighs_past_marker(detector: EmergencyDetector) -> None:
    assert detector.detect("he hit me last night") is None
    assert detector.detect("he hit me last night and he's here now") is not None


def test_future_threat_survives_a_past_marker(detector: EmergencyDetector) -> None:
    signal = detector.detect("he threatened me last week and says he is going to kill me")
    assert signal == EmergencySignal(category="danger_to_life", rule="danger.kill_intent")


def test_negated_injury_leaves_a_blocked_road(detector: EmergencyDetector) -> None:
    signal = detector.detect("crash on the a1, no one hurt but a lorry is blocking the road")
    assert signal is not None
    assert signal.category == "collision_injury"


def test_rule_name_never_carries_message_text(detector: EmergencyDetector) -> None:
    signal = detector.detect("Jane Smith 07700900123 he has a knife")
    assert signal is not None
    assert "jane" not in signal.rule.lower()
    assert "07700900123" not in signal.rule


def test_signal_is_frozen(detector: EmergencyDetector) -> None:
    signal = detector.detect("he has a knife")
    assert signal is not None
    with pytest.raises(AttributeError):
        signal.category = "fire"  # type: ignore[misc]


def test_a_question_about_reporting_is_not_an_emergency(detector: EmergencyDetector) -> None:
    assert detector.detect("how do I report a fire in my neighbours garden every weekend") is None
    # ...but a threat to life still counts, however it is asked
    assert detector.detect("how do I report someone who says he is going to kill me") is not None


def test_someone_still_missing_outweighs_when_they_left(detector: EmergencyDetector) -> None:
    assert detector.detect("my son went missing yesterday") is not None
    assert detector.detect("my son has been missing since yesterday") is not None
    assert detector.detect("my son didn't come home last night") is not None
    assert detector.detect("my son went missing in 2019 and I would like an update") is None
    assert detector.detect("my son went missing yesterday but he came home") is None


def test_cues_only_skip_rules_that_cannot_match(detector: EmergencyDetector) -> None:
    """Cue stems are a speed-up: with them or without them, every phrase gets the same answer."""
    assert all(len(stem) >= emergency._MIN_CUE for _, _, cues, _ in emergency._RULES for stem in cues.split())
    every_rule = EmergencyDetector()
    every_rule._rules = emergency._compile_rules(use_cues=False)
    for text in [*EMERGENCIES, *NOT_EMERGENCIES]:
        assert detector.detect(text) == every_rule.detect(text), text


@pytest.mark.parametrize(
    "unit",
    [
        "a",
        "a ",
        "hes ",
        "he is ",
        "my son ",
        "the man ",
        "on the floor ",
        "with a ",
        "help ",
        "abcdefghij",
        "😀",
    ],
)
def test_a_long_message_stays_fast(detector: EmergencyDetector, unit: str) -> None:
    """No rule may backtrack badly: a 4,096-character message of repeated words stays well under 50 ms."""
    text = (unit * (4096 // len(unit) + 1))[:4096]
    fastest = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        detector.detect(text)
        fastest = min(fastest, time.perf_counter() - started)
    assert fastest < 0.05
