#include "prompt/vocabulary.h"

#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace omg::prompt {
namespace {

bool contains(const std::unordered_set<std::string_view>& set, std::string_view word) {
    return set.find(word) != set.end();
}

}  // namespace

const std::vector<MoodWord>& mood_words() {
    // clang-format off
    static const std::vector<MoodWord> kMoods = {
        {"happy", {"happy", "happiness", "glad", "feliz", "alegre", "fr\u00f6hlich", "fr\u00f6hliche", "fr\u00f6hliches", "froehlich", "gl\u00fccklich", "heureux", "heureuse", "joyeux", "joyeuse"}, 1},
        {"sad", {"sad", "sadness", "unhappy", "triste", "traurig", "traurige", "trauriges", "trauriger", "tristes", "sorrowful", "heartbroken", "heartbreak"}, -1},
        {"dark", {"dark", "darker", "oscuro", "oscura", "dunkel", "dunkle", "dunkles", "sombre", "darkness"}, -1},
        {"calm", {"calm", "calming", "tranquilo", "tranquila", "calma", "ruhig", "calme", "ruhige", "ruhiges", "ruhiger", "calmness"}, 0},
        {"epic", {"epic", "battle", "\u00e9pico", "epico", "\u00e9pica", "episch", "epische", "episches", "epischer", "\u00e9pique", "epique"}, 0},
        {"romantic", {"romantic", "romance", "rom\u00e1ntico", "romantico", "rom\u00e1ntica", "romantisch", "romantische", "romantisches", "romantique", "love", "loving", "lovely"}, 0},
        {"dreamy", {"dreamy", "so\u00f1ador", "so\u00f1adora", "vertr\u00e4umt", "vertraeumt", "r\u00eaveur", "r\u00eaveuse", "dream", "dreamlike", "dreaming"}, 0},
        {"mysterious", {"mysterious", "mystery", "misterioso", "misteriosa", "geheimnisvoll", "myst\u00e9rieux", "mysterieux", "mystical", "mystic", "enigmatic"}, -1},
        {"angry", {"angry", "anger", "rage", "furious"}, -1},
        {"playful", {"playful", "frisky"}, 1},
        {"melancholic", {"melancholic", "melanc\u00f3lico", "melancolico", "melanc\u00f3lica", "melancholisch", "m\u00e9lancolique", "melancolique", "melancholy", "melancholia"}, -1},
        {"uplifting", {"uplifting", "uplifted", "inspiring", "inspirational", "motivational"}, 1},
        {"chill", {"chill", "chilled", "chillout", "chill out", "chilling"}, 0},
        {"relaxing", {"relaxing", "relajante", "relajado", "entspannend", "entspannt", "relaxant", "apaisant", "relaxed", "relax", "relaxation", "soothing"}, 0},
        {"aggressive", {"aggressive", "aggression"}, -1},
        {"peaceful", {"peaceful", "pac\u00edfico", "pacifico", "friedlich", "paisible", "peace"}, 0},
        {"nostalgic", {"nostalgic", "nost\u00e1lgico", "nostalgico", "nostalgisch", "nostalgique", "nostalgia", "wistful"}, 0},
        {"triumphant", {"triumphant", "triumph", "victorious", "victory"}, 1},
        {"spooky", {"spooky", "scary", "creepy", "halloween", "haunted", "horror"}, -1},
        {"tense", {"tense", "tension", "anxious", "nervous", "urgent"}, -1},
        {"joyful", {"joyful", "joyous", "joy", "jubilant"}, 1},
        {"cheerful", {"cheerful", "cheery", "merry", "jolly"}, 1},
        {"bright", {"bright", "shiny", "sparkling", "sparkly"}, 1},
        {"upbeat", {"upbeat"}, 1},
        {"energetic", {"energetic", "en\u00e9rgico", "energico", "energisch", "\u00e9nergique", "energique", "energised", "energized", "high energy", "rousing"}, 0},
        {"intense", {"intense", "intensity"}, 0},
        {"powerful", {"powerful", "mighty"}, 0},
        {"gentle", {"gentle", "suave", "sanft", "doux", "douce", "gently"}, 0},
        {"soft", {"soft", "softly"}, 0},
        {"warm", {"warm", "warmth"}, 0},
        {"hopeful", {"hopeful", "hope", "optimistic", "positive"}, 1},
        {"heroic", {"heroic", "hero", "heroes", "brave"}, 1},
        {"majestic", {"majestic", "regal", "royal", "stately"}, 1},
        {"whimsical", {"whimsical", "whimsy", "fanciful"}, 1},
        {"quirky", {"quirky", "wacky", "zany", "goofy"}, 1},
        {"funky", {"funky"}, 0},
        {"groovy", {"groovy", "groove", "grooving"}, 0},
        {"sensual", {"sensual", "sexy", "sultry", "seductive"}, 0},
        {"lonely", {"lonely", "loneliness", "alone", "lonesome"}, -1},
        {"somber", {"somber", "sombre", "grim"}, -1},
        {"gloomy", {"gloomy", "gloom", "bleak", "depressing", "depressed"}, -1},
        {"eerie", {"eerie", "uncanny", "unsettling"}, -1},
        {"haunting", {"haunting"}, -1},
        {"suspenseful", {"suspenseful", "suspense", "thriller"}, -1},
        {"dramatic", {"dramatic", "drama"}, 0},
        {"emotional", {"emotional", "touching", "heartfelt"}, 0},
        {"bittersweet", {"bittersweet"}, 0},
        {"serene", {"serene", "serenity"}, 0},
        {"tranquil", {"tranquil", "tranquility", "tranquillity"}, 0},
        {"meditative", {"meditative", "zen", "mindful", "mindfulness"}, 0},
        {"festive", {"festive", "navidad", "weihnachten", "weihnachtlich", "no\u00ebl", "noel", "christmas", "holiday", "xmas"}, 1},
        {"fun", {"fun"}, 1},
        {"silly", {"silly", "funny", "comic", "comical", "cartoon", "cartoonish"}, 1},
        {"cute", {"cute", "adorable", "sweet"}, 1},
        {"lazy", {"lazy", "lazily"}, 0},
        {"sleepy", {"sleepy", "dormir", "schlafen", "sommeil", "sleep", "sleeping", "drowsy", "bedtime", "lullaby"}, 0},
        {"mellow", {"mellow"}, 0},
        {"smooth", {"smooth", "silky"}, 0},
        {"cozy", {"cozy", "cosy", "comfy", "homey", "homely"}, 0},
        {"rebellious", {"rebellious", "rebel", "defiant", "angsty", "angst"}, -1},
        {"heavy", {"heavy"}, 0},
        {"driving", {"driving"}, 0},
        {"frantic", {"frantic", "frenetic", "chaotic", "manic"}, 0},
        {"catchy", {"catchy"}, 1},
        {"sunny", {"sunny", "sunshine"}, 1},
        {"summer", {"summer", "summery", "beach", "tropical"}, 1},
        {"ethereal", {"ethereal", "otherworldly", "airy"}, 0},
        {"grand", {"grand", "grandiose"}, 0},
        {"solemn", {"solemn", "ceremonial"}, 0},
        {"spiritual", {"spiritual", "sacred", "holy", "divine", "worship"}, 0},
        {"reflective", {"reflective", "introspective", "thoughtful", "contemplative", "pensive"},
         0},
        {"tender", {"tender", "tenderness", "delicate", "intimate"}, 0},
        {"passionate", {"passionate", "passion", "fiery"}, 0},
        {"fierce", {"fierce", "ferocious", "brutal"}, -1},
        {"menacing", {"menacing", "threatening", "sinister", "evil"}, -1},
        {"ominous", {"ominous", "foreboding", "doom", "doomy"}, -1},
        {"brooding", {"brooding", "moody"}, -1},
        {"hypnotic", {"hypnotic", "trance like", "trancey", "mesmerizing", "mesmerising"}, 0},
        {"adventurous", {"adventurous", "adventure", "quest", "journey"}, 1},
        {"mischievous", {"mischievous", "sneaky", "cheeky"}, 0},
        {"carefree", {"carefree", "easygoing", "easy going", "breezy"}, 1},
        {"confident", {"confident", "swagger", "bold"}, 0},
        {"proud", {"proud", "pride", "patriotic", "noble"}, 1},
        {"elegant", {"elegant", "graceful", "sophisticated", "classy"}, 0},
        {"tragic", {"tragic", "tragedy", "mournful", "mourning", "grief", "funeral"}, -1},
        {"lively", {"lively", "bouncy", "spirited"}, 1},
        {"exciting", {"exciting", "excited", "excitement", "thrilling"}, 0},
        {"focused", {"focused", "focus", "study", "studying", "concentration"}, 0},
        {"party", {"party", "partying", "celebration", "celebratory", "celebrate", "danceable",
                   "birthday"},
         1},
        {"retro", {"retro", "vintage", "old school", "oldschool"}, 0},
        {"futuristic", {"futuristic", "cyberpunk", "sci fi", "scifi", "robotic"}, 0},
        {"cosmic", {"cosmic", "space", "spacey", "spacy", "galactic"}, 0},
        {"magical", {"magical", "magic", "enchanted", "fairy tale", "fairytale"}, 1},
        {"sentimental", {"sentimental"}, 0},
        {"innocent", {"innocent", "childlike", "naive", "kids", "children", "nursery"}, 1},
        {"quiet", {"quiet", "quietly", "hushed"}, 0},
        {"euphoric", {"euphoric", "euphoria", "ecstatic"}, 1},
        {"soulful", {"soulful"}, 0},
        {"laid back", {"laid back", "laidback"}, 0},
    };
    // clang-format on
    return kMoods;
}

std::string_view mood_family(std::string_view mood) {
    static const std::unordered_map<std::string_view, std::string_view> kFamilies = [] {
        std::unordered_map<std::string_view, std::string_view> m;
        // clang-format off
        const std::pair<std::string_view, std::vector<std::string_view>> kGroups[] = {
            {"joy",
             {"happy", "joyful", "cheerful", "bright", "upbeat", "playful", "fun", "silly",
              "sunny", "summer", "festive", "lively", "carefree", "party", "catchy", "cute",
              "whimsical", "quirky", "hopeful", "uplifting", "euphoric", "mischievous",
              "magical"}},
            {"sorrow",
             {"sad", "melancholic", "lonely", "somber", "gloomy", "tragic", "bittersweet",
              "nostalgic", "sentimental", "reflective", "emotional", "soulful", "solemn"}},
            {"calm",
             {"calm", "peaceful", "relaxing", "serene", "tranquil", "meditative", "chill",
              "mellow", "gentle", "soft", "sleepy", "quiet", "lazy", "cozy", "dreamy",
              "ethereal", "smooth", "focused", "spiritual", "laid back", "cosmic"}},
            {"dark",
             {"dark", "ominous", "menacing", "brooding", "spooky", "eerie", "haunting",
              "mysterious", "tense", "suspenseful"}},
            {"power",
             {"energetic", "intense", "powerful", "driving", "aggressive", "angry", "fierce",
              "epic", "heroic", "triumphant", "majestic", "grand", "rebellious", "heavy",
              "frantic", "exciting", "adventurous", "confident", "proud", "dramatic"}},
            {"tender", {"romantic", "tender", "sensual", "warm", "elegant", "passionate",
                        "innocent"}},
            {"groove", {"funky", "groovy", "hypnotic"}},
        };
        // clang-format on
        for (const auto& [family, moods] : kGroups)
            for (auto member : moods) m.emplace(member, family);
        return m;
    }();
    const auto it = kFamilies.find(mood);
    return it == kFamilies.end() ? std::string_view{} : it->second;
}

const std::vector<EnergyWord>& energy_words() {
    // clang-format off
    static const std::vector<EnergyWord> kEnergy = {
        {"calm", -0.15},       {"calming", -0.15},   {"gentle", -0.15},   {"gently", -0.15},
        {"soft", -0.15},       {"softly", -0.15},    {"relaxing", -0.15}, {"relaxed", -0.15},
        {"quiet", -0.15},      {"quietly", -0.15},   {"peaceful", -0.15}, {"mellow", -0.1},
        {"chill", -0.1},       {"chilled", -0.1},    {"tranquil", -0.15}, {"serene", -0.15},
        {"sleepy", -0.2},      {"lazy", -0.1},       {"meditative", -0.15}, {"soothing", -0.15},
        {"tender", -0.1},      {"delicate", -0.1},   {"subdued", -0.15},  {"sparse", -0.1},
        {"laid back", -0.1},   {"low key", -0.1},    {"lowkey", -0.1},    {"dreamy", -0.05},
        {"melancholic", -0.05}, {"sad", -0.05},      {"hushed", -0.15},
        {"energetic", 0.15},   {"high energy", 0.2}, {"intense", 0.15},   {"powerful", 0.15},
        {"driving", 0.1},      {"aggressive", 0.2},  {"loud", 0.15},      {"epic", 0.15},
        {"upbeat", 0.1},       {"fierce", 0.15},     {"wild", 0.15},      {"frantic", 0.2},
        {"explosive", 0.2},    {"heavy", 0.1},       {"hard", 0.1},       {"pumping", 0.15},
        {"bouncy", 0.1},       {"lively", 0.1},      {"exciting", 0.1},   {"triumphant", 0.1},
        {"angry", 0.15},       {"party", 0.1},       {"hype", 0.15},      {"hyped", 0.15},
        {"banging", 0.15},     {"punchy", 0.1},      {"furious", 0.2},    {"thunderous", 0.2},
        {"massive", 0.15},     {"bombastic", 0.2},   {"brutal", 0.2},
    };
    // clang-format on
    return kEnergy;
}

const std::vector<TempoWord>& tempo_words() {
    // clang-format off
    static const std::vector<TempoWord> kTempo = {
        {"grave", 45},          {"largo", 50},        {"lento", 55},
        {"larghetto", 60},      {"adagio", 70},       {"adagietto", 75},
        {"andante", 90},        {"andantino", 95},    {"moderato", 110},
        {"allegretto", 118},    {"allegro", 135},     {"vivace", 170},
        {"presto", 170},        {"vivacissimo", 180}, {"prestissimo", 200},
        {"slow", 0, 66},        {"slowly", 0, 66},    {"slower", 0, 76},
        {"slow paced", 0, 66},  {"slow tempo", 0, 66}, {"downtempo", 0, 80},
        {"laid back", 0, 84},   {"laidback", 0, 84},  {"unhurried", 0, 76},
        {"mid tempo", 0, 0},    {"midtempo", 0, 0},   {"medium tempo", 0, 0},
        {"moderate tempo", 0, 0}, {"moderate pace", 0, 0}, {"medium pace", 0, 0},
        {"fast", 0, 152},       {"faster", 0, 136},   {"quick", 0, 144},
        {"rapid", 0, 160},      {"speedy", 0, 160},   {"brisk", 0, 132},
        {"uptempo", 0, 140},    {"up tempo", 0, 140}, {"upbeat", 0, 128},
        {"high tempo", 0, 160}, {"fast paced", 0, 152}, {"breakneck", 0, 200},
        // Spanish, German, French.
        {"despacio", 0, 66},    {"lenta", 0, 66},     {"rapido", 0, 152},
        {"r\u00e1pido", 0, 152}, {"rapida", 0, 152}, {"r\u00e1pida", 0, 152},
        {"veloz", 0, 160},      {"moderado", 0, 0},
        {"langsam", 0, 66},     {"schnell", 0, 152},  {"z\u00fcgig", 0, 132},
        {"gem\u00e4chlich", 0, 76}, {"gemaechlich", 0, 76}, {"m\u00e4\u00dfig", 0, 0},
        {"langsame", 0, 66},    {"langsamer", 0, 66}, {"langsames", 0, 66},
        {"schnelle", 0, 152},   {"schneller", 0, 152}, {"schnelles", 0, 152},
        {"lentos", 0, 66},      {"lentas", 0, 66},    {"rapides", 0, 152},
        {"lent", 0, 66},        {"lente", 0, 66},     {"lentement", 0, 66},
        {"rapide", 0, 152},     {"vite", 0, 152},     {"mod\u00e9r\u00e9", 0, 0},
    };
    // clang-format on
    return kTempo;
}

const std::vector<OccasionWord>& occasion_words() {
    // clang-format off
    static const std::vector<OccasionWord> kOccasions = {
        // Occasions.
        {"lullaby", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"cradle song", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"bedtime song", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"canci\u00f3n de cuna", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"cancion de cuna", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"nana", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"schlaflied", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"wiegenlied", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"berceuse", "piano_ballad", {"music box"}, true, 66, 0, "sleepy", ""},
        {"wedding", "waltz", {"strings"}, false, 0, 0, "romantic", ""},
        {"boda", "waltz", {"strings"}, false, 0, 0, "romantic", ""},
        {"hochzeit", "waltz", {"strings"}, false, 0, 0, "romantic", ""},
        {"mariage", "waltz", {"strings"}, false, 0, 0, "romantic", ""},
        {"wedding march", "hymn", {"organ", "brass"}, true, 0, 0, "solemn", ""},
        {"birthday", "pop", {}, false, 0, 0, "party", ""},
        {"cumplea\u00f1os", "pop", {}, false, 0, 0, "party", ""},
        {"cumpleanos", "pop", {}, false, 0, 0, "party", ""},
        {"geburtstag", "pop", {}, false, 0, 0, "party", ""},
        {"anniversaire", "pop", {}, false, 0, 0, "party", ""},
        {"jingle", "pop", {}, false, 0, 30, "catchy", ""},
        {"advertising jingle", "pop", {}, false, 0, 30, "catchy", ""},
        {"podcast intro", "pop", {}, false, 0, 20, "", ""},
        {"podcast", "pop", {}, false, 0, 30, "", ""},
        {"trailer", "cinematic", {"brass", "timpani"}, false, 0, 0, "epic", ""},
        {"workout", "house", {}, false, 128, 0, "energetic", ""},
        {"gym", "house", {}, false, 128, 0, "energetic", ""},
        {"fitness", "house", {}, false, 128, 0, "energetic", ""},
        {"entrenamiento", "house", {}, false, 128, 0, "energetic", ""},
        {"study", "lofi_hip_hop", {}, false, 0, 0, "focused", ""},
        {"studying", "lofi_hip_hop", {}, false, 0, 0, "focused", ""},
        {"homework", "lofi_hip_hop", {}, false, 0, 0, "focused", ""},
        {"party", "house", {}, false, 124, 0, "party", ""},
        {"fiesta", "house", {}, false, 124, 0, "party", ""},
        {"f\u00eate", "house", {}, false, 124, 0, "party", ""},
        {"funeral", "hymn", {"organ"}, true, 60, 0, "somber", ""},
        {"funeral march", "hymn", {"organ"}, true, 60, 0, "somber", ""},
        {"memorial", "hymn", {"organ"}, true, 60, 0, "somber", ""},
        {"entierro", "hymn", {"organ"}, true, 60, 0, "somber", ""},
        {"beerdigung", "hymn", {"organ"}, true, 60, 0, "somber", ""},
        {"fun\u00e9railles", "hymn", {"organ"}, true, 60, 0, "somber", ""},
        {"victory", "cinematic", {"brass"}, false, 0, 0, "triumphant", ""},
        {"victoria", "cinematic", {"brass"}, false, 0, 0, "triumphant", ""},
        {"sieg", "cinematic", {"brass"}, false, 0, 0, "triumphant", ""},
        {"victoire", "cinematic", {"brass"}, false, 0, 0, "triumphant", ""},
        // Ensembles.
        {"big band", "swing_jazz", {"brass", "saxophone"}, false, 0, 0, "", ""},
        {"brass band", "military_march", {"brass", "tuba"}, false, 0, 0, "", ""},
        {"blaskapelle", "polka", {"brass", "tuba"}, false, 0, 0, "", ""},
        {"string quartet", "baroque", {"violin", "viola", "cello"}, true, 0, 0, "", "", true},
        {"cuarteto de cuerda", "baroque", {"violin", "viola", "cello"}, true, 0, 0, "", "", true},
        {"streichquartett", "baroque", {"violin", "viola", "cello"}, true, 0, 0, "", "", true},
        {"quatuor \u00e0 cordes", "baroque", {"violin", "viola", "cello"}, true, 0, 0, "", "", true},
        {"quatuor a cordes", "baroque", {"violin", "viola", "cello"}, true, 0, 0, "", "", true},
        {"chamber orchestra", "baroque", {"strings"}, true, 0, 0, "", ""},
        {"rock trio", "hard_rock", {"electric guitar", "bass", "drums"}, false, 0, 0, "", "", true},
        {"power trio", "hard_rock", {"electric guitar", "bass", "drums"}, false, 0, 0, "", "", true},
        {"rock band", "hard_rock", {"electric guitar", "bass", "drums"}, false, 0, 0, "", ""},
        {"orchestra", "cinematic", {"orchestra"}, false, 0, 0, "", ""},
        {"orquesta", "cinematic", {"orchestra"}, false, 0, 0, "", ""},
        {"orchester", "cinematic", {"orchestra"}, false, 0, 0, "", ""},
        {"orchestre", "cinematic", {"orchestra"}, false, 0, 0, "", ""},
        {"choir", "hymn", {"choir"}, true, 0, 0, "", ""},
        {"coro", "hymn", {"choir"}, true, 0, 0, "", ""},
        {"chor", "hymn", {"choir"}, true, 0, 0, "", ""},
        {"ch\u0153ur", "hymn", {"choir"}, true, 0, 0, "", ""},
        {"choeur", "hymn", {"choir"}, true, 0, 0, "", ""},
        {"marching band", "military_march", {"brass", "drums"}, false, 0, 0, "", ""},
        {"drumline", "military_march", {"drums"}, false, 0, 0, "", ""},
        {"jazz trio", "swing_jazz", {"piano", "double bass", "drums"}, false, 0, 0, "", "", true},
        {"jazz quartet", "swing_jazz", {"saxophone", "piano", "double bass", "drums"}, false, 0,
         0, "", "", true},
        {"bluegrass band", "country", {"banjo", "fiddle"}, false, 0, 0, "", ""},
        {"gamelan", "meditation", {"vibraphone", "glockenspiel", "bells"}, true, 0, 0, "",
         "General MIDI has no gamelan; vibraphone, glockenspiel and bells stand in for its "
         "metallophones and gongs"},
        {"mariachi", "waltz", {"trumpet", "violin", "nylon guitar"}, true, 0, 0, "",
         "the library has no mariachi style; a waltz played by trumpets, violins and guitars"},
    };
    // clang-format on
    return kOccasions;
}

const std::vector<RoleWord>& role_words() {
    // clang-format off
    static const std::vector<RoleWord> kRoles = {
        {"solo", true, true},       {"just", true, true},        {"only", true, true},
        {"lone", true, true},       {"a solo", true, true},      {"nur", true, true},
        {"s\u00f3lo", true, true}, {"solamente", true, true},   {"seulement", true, true},
        {"solo", false, true},      {"only", false, true},       {"alone", false, true},
        {"seul", false, true},      {"seule", false, true},      {"allein", false, true},
        // "a piano piece", "a guitar piece": music for that instrument, as a solo.
        {"piece", false, true},     {"pieces", false, true},
        {"featuring", true, false}, {"feat", true, false},       {"ft", true, false},
        {"led by", true, false},    {"lead", true, false},       {"starring", true, false},
        {"lead", false, false},     {"leads", false, false},     {"melody", false, false},
        {"on lead", false, false},  {"on melody", false, false},
    };
    // clang-format on
    return kRoles;
}

const std::vector<MetreWord>& metre_words() {
    // clang-format off
    static const std::vector<MetreWord> kMetres = {
        {"waltz time", {3, 4}},    {"three four", {3, 4}},   {"triple time", {3, 4}},
        {"triple meter", {3, 4}},  {"triple metre", {3, 4}}, {"common time", {4, 4}},
        {"four four", {4, 4}},     {"cut time", {2, 2}},     {"alla breve", {2, 2}},
        {"two four", {2, 4}},      {"march time", {2, 4}},   {"six eight", {6, 8}},
        {"twelve eight", {12, 8}}, {"nine eight", {9, 8}},
        // Dance tunes named by their metre: a reel or hornpipe is in common time, a slip jig 9/8.
        {"reel", {4, 4}},          {"reels", {4, 4}},        {"hornpipe", {4, 4}},
        {"strathspey", {4, 4}},    {"slip jig", {9, 8}},
        // Spanish, German, French.
        {"tres por cuatro", {3, 4}}, {"seis por ocho", {6, 8}}, {"dos por cuatro", {2, 4}},
        {"dreivierteltakt", {3, 4}}, {"sechsachteltakt", {6, 8}}, {"zweivierteltakt", {2, 4}},
        {"viervierteltakt", {4, 4}}, {"trois temps", {3, 4}}, {"six huit", {6, 8}},
    };
    // clang-format on
    return kMetres;
}

const std::vector<Intensifier>& intensifiers() {
    // clang-format off
    static const std::vector<Intensifier> kIntensifiers = {
        {"very", 2},        {"extremely", 2},  {"super", 2},     {"really", 1.5},
        {"so", 1.5},        {"ultra", 2},      {"incredibly", 2}, {"insanely", 2},
        {"highly", 1.5},    {"totally", 1.5},  {"truly", 1.5},   {"quite", 1.25},
        {"slightly", 0.5},  {"somewhat", 0.5}, {"a bit", 0.5},   {"a little", 0.5},
        {"kind of", 0.5},   {"kinda", 0.5},    {"fairly", 0.75}, {"mildly", 0.5},
        {"a touch", 0.5},   {"rather", 0.75},
    };
    // clang-format on
    return kIntensifiers;
}

const std::vector<std::string_view>& negation_words() {
    // clang-format off
    static const std::vector<std::string_view> kNegations = {
        "no",   "not",   "without", "minus", "sans",   "except", "excluding", "exclude",
        "never", "skip", "avoid",   "don't", "dont",   "lose",   "leave out", "ditch",
        "remove", "omit", "lacking", "free of",
        // Spanish, German, French.
        "sin", "ohne", "kein", "keine", "keinen", "pas de", "aucun", "aucune",
    };
    // clang-format on
    return kNegations;
}

const std::vector<ExclusionWord>& exclusion_words() {
    // clang-format off
    static const std::vector<ExclusionWord> kExclusions = {
        {"instrumental", "vocals"}, {"instrumentals", "vocals"}, {"no vocal", "vocals"},
        {"drumless", "drums"},      {"beatless", "drums"},       {"vocalless", "vocals"},
        {"wordless", "vocals"},     {"unaccompanied", "drums"},
    };
    // clang-format on
    return kExclusions;
}

bool is_function_word(std::string_view word) {
    // clang-format off
    static const std::unordered_set<std::string_view> kWords = {
        "a", "an", "the", "and", "or", "nor", "but", "with", "for", "in", "on", "at", "to", "of",
        "by", "from", "into", "onto", "as", "like", "than", "then", "some", "any", "my", "me",
        "i", "i'm", "im", "we", "you", "your", "our", "us", "it", "it's", "its", "this", "that",
        "these", "those", "is", "are", "be", "been", "being", "was", "were", "am", "do", "does",
        "did", "please", "pls", "can", "could", "would", "should", "will", "want", "wanted",
        "need", "make", "makes", "making", "create", "generate", "compose", "write", "produce",
        "give", "play", "playing", "played", "get", "let", "let's", "lets", "something",
        "anything", "kind", "sort", "type", "style", "styled", "genre", "music", "musical",
        "song", "songs", "track", "tracks", "tune", "tunes", "piece", "number", "beat", "beats",
        "sound", "vibe", "feel", "feeling",
        "mood", "version", "loop", "just", "only", "also", "too", "much", "more", "less", "lot",
        "lots", "bit", "little", "about", "around", "approximately", "roughly", "approx", "long",
        "length", "duration", "total", "tempo", "pace", "speed", "key", "time", "signature",
        "mode", "scale", "meter", "metre", "here", "there", "all", "each", "every", "yes", "ok",
        "okay", "lead", "solo", "part", "section", "featuring", "feat", "ft", "using", "use",
        "used", "plus", "including", "include", "includes", "have", "has", "having", "while",
        "where", "when", "which", "who", "what", "how", "vs", "versus", "inspired", "ish",
        "etc", "maybe", "perhaps", "really", "very", "quite", "rather", "so", "such", "thing",
        "stuff", "one", "ones", "bpm", "instrument", "instruments", "accompaniment",
        "background", "backing", "arrangement", "composition", "melody", "melodies", "chord",
        "chords", "harmony", "rhythm", "good", "nice", "great", "cool", "awesome", "best",
        "new", "original", "theme", "minute", "minutes", "second", "seconds", "short", "brief",
        "full", "whole", "entire", "over", "under", "up", "down", "out", "off", "again", "that's",
        "there's", "i'd", "i'll", "gonna", "wanna", "please", "thanks", "thank", "hey", "hi",
        "hello", "if", "possible", "maybe", "should", "must", "may", "might", "sounding",
        "sounds", "like", "same", "similar", "other", "another", "both", "either", "neither",
        "way", "kinda", "sorta", "fairly", "pretty", "bpms", "per", "tones", "tone", "notes",
        "note", "hit", "hits", "era", "vibes", "feels", "jam", "lone", "starring", "led",
        // Spanish, German, French.
        "un", "una", "uno", "unos", "el", "la", "los", "las", "de", "del", "con", "y", "o",
        "para", "por", "en", "muy", "canci\u00f3n", "cancion", "m\u00fasica", "musica",
        "pieza", "tema", "ein", "eine", "einen", "einem", "der", "die", "das", "den", "dem",
        "mit", "und", "oder", "f\u00fcr", "fuer", "im", "sehr", "lied", "musik", "st\u00fcck",
        "stueck", "une", "le", "les", "des", "du", "avec", "et", "pour", "tr\u00e8s", "tres",
        "chanson", "musique", "morceau", "au", "aux", "\u00e0", "en", "zum", "zur", "am",
    };
    // clang-format on
    return contains(kWords, word);
}

bool is_connector(std::string_view word) {
    // clang-format off
    static const std::unordered_set<std::string_view> kWords = {
        "and", "or", "nor", "any", "the", "a", "an", "either", "neither", "of", "all", "other",
        "kind", "sort", "type", "real", "live", "too", "even",
    };
    // clang-format on
    return contains(kWords, word);
}

bool is_decade_context(std::string_view word) {
    // clang-format off
    static const std::unordered_set<std::string_view> kWords = {
        "music", "style", "styled", "vibe", "vibes", "sound", "sounds", "era", "retro",
        "inspired", "hits", "hit", "feel", "aesthetic", "nostalgia", "nostalgic", "throwback",
        "song", "songs", "track", "tracks", "tune", "tunes", "vintage", "classic", "classics",
        "movie", "film", "video", "game", "tv", "cartoon", "arcade", "kids", "disco", "dance",
        "club", "radio", "mixtape",
    };
    // clang-format on
    return contains(kWords, word);
}

}  // namespace omg::prompt
