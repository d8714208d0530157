"""Entity discovery on unseen wording: each rule is held by at least two different wordings
(input → expected), written for the entity categories the held-out pages missed (mountains and
ranges, named regions, roads and train services, branches, colleges and national associations,
company-headed projects and facilities, compound surnames, races and joint meetings, 管理区,
planned institutes) and for what must not be taken (time words and verbs glued to a place,
"X到Y", generic heads).  Chinese text inline."""

from __future__ import annotations

import pytest

from .test_extract import labels, read

FOUND = [
    # -- a. mountains and ranges as places (lexicon table of 湖南 and its borders)
    pytest.param("标题\n\n炎陵县地处罗霄山中段，境内有万洋山。", {("罗霄山", "Place"), ("万洋山", "Place")}, id="range-after-place-verb"),
    pytest.param("标题\n\n我们围绕九嶷山、阳明山和都庞岭三座名山做文章。", {("九嶷山", "Place"), ("阳明山", "Place"), ("都庞岭", "Place")}, id="mountains-listed"),
    pytest.param("标题\n\n选手需登上海拔2115米的酃峰，再前往武功山。", {("酃峰", "Place"), ("武功山", "Place")}, id="peak-after-climb"),
    pytest.param("标题\n\n南岳衡山、崀山等名山实行年卡互认。", {("南岳衡山", "Place"), ("崀山", "Place")}, id="mountains-before-deng"),
    # -- b. named regions
    pytest.param("标题\n\n两县同处罗霄山片区，从永州驱车到珠江三角洲只需4小时。", {("罗霄山片区", "Place"), ("珠江三角洲", "Place")}, id="region-片区-and-delta"),
    pytest.param("标题\n\n去年珠三角游客占全市游客三成，长三角游客也在增加。", {("珠江三角洲", "Place"), ("长江三角洲", "Place")}, id="delta-short-forms"),
    # -- h. management areas
    pytest.param("标题\n\n金洞管理区和回龙圩管理区也在加快建设康养基地。", {("金洞管理区", "Place"), ("回龙圩管理区", "Place")}, id="management-areas-known"),
    pytest.param("标题\n\n岳阳市将于明年在屈原管理区举办龙舟赛。", {("屈原管理区", "Place")}, id="management-area-after-zai"),

    # -- a. mountains, ranges and peaks the lexicon does not know, in safe contexts only
    pytest.param("标题\n\n选手登上紫云峰，再翻越五盖山。", {("紫云峰", "Place"), ("五盖山", "Place")}, id="peak-and-mountain-after-climbing"),
    pytest.param("标题\n\n两县位于黄桑岭一带，地处大义山北麓。", {("黄桑岭", "Place"), ("大义山", "Place")}, id="range-and-mountain-after-lying"),
    pytest.param("标题\n\n游客可以攀登八角寨，再前往辣椒峰。", {("八角寨", "Place"), ("辣椒峰", "Place")}, id="zhai-and-feng-after-climbing"),
    # -- j. a time word or a verb glued to the front of a place is no part of it
    pytest.param("标题\n\n去年沙田镇新增就业岗位300个。", {("沙田镇", "Place")}, id="town-after-time-word"),
    pytest.param("标题\n\n目前坪坦乡已建成三个景点。", {("坪坦乡", "Place")}, id="township-after-time-word"),
    pytest.param("标题\n\n游客可以从东江湖到莽山国家森林公园。", {("东江湖", "Place"), ("莽山国家森林公园", "Place")}, id="x-dao-y-two-places"),
    pytest.param("标题\n\n去年黄桑自然保护区接待游客，目前雪峰山区已建成旅游公路。", {("黄桑自然保护区", "Place"), ("雪峰山区", "Place")}, id="time-word-before-site-and-landform"),
    # -- b. regions named by a range (range-area), 区域合作示范区 after 经, world heritage sites
    pytest.param("标题\n\n两县同处大别山片区，已纳入雪峰山片区。", {("大别山片区", "Place"), ("雪峰山片区", "Place")}, id="range-area-after-verb"),
    pytest.param("标题\n\n吸引长三角游客经湘鄂赣边区域合作示范区入湘。", {("湘鄂赣边区域合作示范区", "Place")}, id="region-after-jing"),
    pytest.param("标题\n\n崀山世界自然遗产地与云山国家森林公园同处邵阳市。", {("崀山世界自然遗产地", "Place"), ("云山国家森林公园", "Place")}, id="heritage-site-and-park-before-tongchu"),
    pytest.param("标题\n\n武陵源世界自然遗产地地处张家界市。", {("武陵源世界自然遗产地", "Place")}, id="heritage-site-before-dichu"),
    pytest.param("标题\n\n赛道从神农谷国家森林公园出发。", {("神农谷国家森林公园", "Place")}, id="site-after-cong"),
    pytest.param("标题\n\n江永县境内的都庞岭国家级自然保护区已开放。", {("都庞岭国家级自然保护区", "Place")}, id="site-opening-with-du"),
    pytest.param("标题\n\n崀山是中国丹霞世界自然遗产地的重要组成部分。", {("中国丹霞世界自然遗产地", "Place"), ("崀山", "Place")}, id="heritage-site-after-shi"),
    pytest.param("标题\n\n目前湘潭已建成昭山风景名胜区。", {("昭山风景名胜区", "Place")}, id="site-after-building-verb"),
    pytest.param("标题\n\n两县同处湘西南，是湘中地区的门户。", {("湘西南", "Place"), ("湘中", "Place")}, id="hunan-subregions"),
    # -- c. roads and transport
    pytest.param("标题\n\n二广高速和厦蓉高速在境内交汇，许广高速公路岳阳段已开工扩容。", {("二广高速", "Project"), ("许广高速公路岳阳段", "Project"), ("许广高速公路", "Project")}, id="expressways-by-ends"),
    pytest.param("标题\n\n根据规划，岳汝高速炎陵段将新增两个服务区。", {("岳汝高速炎陵段", "Project"), ("岳汝高速", "Project")}, id="expressway-section"),
    pytest.param("标题\n\n根据规划，株洲至炎陵城际快速通道将于明年开工。", {("株洲至炎陵城际快速通道", "Project")}, id="express-route-x-zhi-y"),
    pytest.param("标题\n\n长沙至浏阳旅游公路和永州至江华快速通道明年通车。", {("长沙至浏阳旅游公路", "Project"), ("永州至江华快速通道", "Project")}, id="express-routes-listed"),
    pytest.param("标题\n\n洣水风光带和炎陵县红色旅游公路也在加快建设。", {("洣水风光带", "Project"), ("炎陵县红色旅游公路", "Project")}, id="scenic-belt-and-county-road"),
    pytest.param("标题\n\n两省区交界处的潇贺古道风光带正在加快建设。", {("潇贺古道风光带", "Project")}, id="scenic-belt-after-de"),
    pytest.param("标题\n\n目前衡阳已开通“南岳号”旅游专列。", {("南岳号旅游专列", "Project")}, id="quoted-special-train"),
    pytest.param("标题\n\n今年，神农号红色旅游专列将于国庆前开行。", {("神农号红色旅游专列", "Project")}, id="bare-special-train"),
    pytest.param("标题\n\n两市将开通湘赣红色旅游专列。", {("湘赣红色旅游专列", "Project")}, id="special-train-after-verb"),
    pytest.param("标题\n\n今年首发张家界—长沙旅游专列。", {("张家界—长沙旅游专列", "Project")}, id="special-train-dash-joined"),
    # -- d. branches, colleges, national associations
    pytest.param("标题\n\n中国电信股份有限公司株洲分公司为赛事搭建网络，株洲分公司还设置了应急点。", {("中国电信股份有限公司株洲分公司", "Organization")}, id="branch-in-full"),
    pytest.param("标题\n\n屈原管理区管委会与湖南大学经济与贸易学院拟共建研究院。", {("湖南大学经济与贸易学院", "Organization")}, id="college-with-yu"),
    pytest.param("标题\n\n湖南工业大学体育学院将与炎陵县人民政府开展合作。", {("湖南工业大学体育学院", "Organization")}, id="college-of-university"),
    pytest.param("标题\n\n中国物流与采购联合会的调研组上月来永州考察。", {("中国物流与采购联合会", "Organization")}, id="national-association-with-yu"),
    pytest.param("标题\n\n赛事由株洲市人民政府和中国登山协会共同主办。", {("中国登山协会", "Organization")}, id="national-association-after-he"),
    pytest.param("标题\n\n中国联合网络通信有限公司湘潭市分公司与湘潭市人民政府签约。", {("中国联合网络通信有限公司湘潭市分公司", "Organization")}, id="national-company-holding-a-verb"),
    pytest.param("标题\n\n双方与中国联合网络通信有限公司签约。", {("中国联合网络通信有限公司", "Organization")}, id="national-company-after-yu"),
    pytest.param("标题\n\n中国城市规划设计研究院将编制规划。", {("中国城市规划设计研究院", "Organization")}, id="national-institute-with-common-place-word"),
    pytest.param("标题\n\n湘潭市规划设计院参与编制。", {("湘潭市规划设计院", "Organization")}, id="city-design-institute"),
    # -- e. facilities of a unit
    pytest.param("标题\n\n炎陵县智慧旅游指挥中心全程调度救援力量。", {("炎陵县智慧旅游指挥中心", "Project")}, id="county-command-centre"),
    pytest.param("标题\n\n株洲市食品安全智慧监管平台也已上线。", {("株洲市食品安全智慧监管平台", "Project")}, id="city-supervision-platform"),
    pytest.param("标题\n\n浏阳市将建设环大围山旅游公路，串联大围山国家森林公园。", {("环大围山旅游公路", "Project")}, id="tourist-road-ringing-a-mountain"),
    pytest.param("标题\n\n会上，幕阜山旅游公路和湘江风光带均已建成。", {("幕阜山旅游公路", "Project"), ("湘江风光带", "Project")}, id="tourist-road-and-belt-listed"),
    pytest.param("标题\n\n长沙市交通运输综合监管平台正式上线。", {("长沙市交通运输综合监管平台", "Project")}, id="platform-named-with-a-department-field"),
    pytest.param("标题\n\n今年3月成立的湘潭智能制造研究院已入驻20家企业。", {("湘潭智能制造研究院", "Organization")}, id="institute-with-manufacturing-field"),
    pytest.param("标题\n\n株洲先进制造研究院将提供技术支持。", {("株洲先进制造研究院", "Organization")}, id="institute-with-advanced-field"),
    # -- e. long project names headed by a company (a branch too; Latin letters inside)
    pytest.param("标题\n\n中国电信股份有限公司株洲分公司5G基站建设项目已开工。", {("中国电信股份有限公司株洲分公司5G基站建设项目", "Project"), ("中国电信股份有限公司株洲分公司", "Organization")}, id="branch-headed-project"),
    pytest.param("标题\n\n株洲中车时代半导体有限公司IGBT模块生产线已投产。", {("株洲中车时代半导体有限公司IGBT模块生产线", "Project")}, id="company-headed-line-latin"),
    pytest.param("标题\n\n县里将建设张家界康养基地。", {("张家界康养基地", "Project")}, id="base-with-a-place-stays"),
    # -- f. compound surnames after titles
    pytest.param("标题\n\n株洲市副市长司马晓东在起点致辞。", {("司马晓东", "Person")}, id="compound-surname-vice-mayor"),
    pytest.param("标题\n\n衡阳市副市长诸葛明华在会上表示，合作将深化。", {("诸葛明华", "Person")}, id="compound-surname-before-zai"),
    pytest.param("访永州市委书记上官明远\n\n上官明远:我们将继续推进.", {("上官明远", "Person")}, id="compound-surname-end-of-line"),
    pytest.param("访谈\n\n记者:今年有哪些进展?\n\n欧阳建华:今年我们推进了三件事.\n", {("欧阳建华", "Person")}, id="speaker-line-ascii-compound"),
    pytest.param("访谈\n\n问：今年有哪些进展？\n\n刘建华：今年我们推进了三件事。\n", {("刘建华", "Person")}, id="speaker-line-fullwidth"),
    # -- g. races and joint meetings
    pytest.param("标题\n\n10月12日，首届罗霄山百公里越野赛在炎陵县鸣枪开跑。", {("首届罗霄山百公里越野赛", "Event")}, id="first-race"),
    pytest.param("标题\n\n中国田径协会将在宁远县举办第二届九嶷山马拉松。", {("第二届九嶷山马拉松", "Event")}, id="nth-marathon"),
    pytest.param("标题\n\n岳阳市将于明年端午在屈原管理区举办第三届汨罗江龙舟赛。", {("第三届汨罗江龙舟赛", "Event")}, id="nth-dragon-boat-race"),
    pytest.param("标题\n\n我们建立了永州市文旅产业发展联席会议制度，每季度召开一次。", {("永州市文旅产业发展联席会议", "Event")}, id="joint-meeting-institution"),
    pytest.param("标题\n\n两市健全了湘赣边界联防联席会议机制。", {("湘赣边界联防联席会议", "Event")}, id="joint-meeting-mechanism"),
    # -- i. planned institutes
    pytest.param("标题\n\n学院将与炎陵县人民政府共同组建罗霄山山地运动研究院。", {("罗霄山山地运动研究院", "Project")}, id="planned-institute-modal-earlier"),
    pytest.param("标题\n\n双方计划于明年联合组建湘赣红色文化研究院。", {("湘赣红色文化研究院", "Project")}, id="planned-institute-jihua"),
    # (大通湖管理区 is the lexicon's 大通湖区 now; 鹤龙湖管理区 stands for a management area it does not know)
    pytest.param("标题\n\n大通湖管理区和屈原管理区管委会签署协议。", {("大通湖区", "Place"), ("屈原管理区管理委员会", "Organization")}, id="management-area-known-alias-and-committee"),
    pytest.param("标题\n\n鹤龙湖管理区和屈原管理区管委会签署协议。", {("鹤龙湖管理区", "Place"), ("屈原管理区管理委员会", "Organization")}, id="management-area-unknown-and-committee"),
    pytest.param("标题\n\n益阳市桃花江管理区将建设康养基地。", {("桃花江管理区", "Place")}, id="management-area-after-city"),
    pytest.param("标题\n\n中国民用航空局中南地区管理局批复了方案。", {("中国民用航空局中南地区管理局", "Organization")}, id="central-body-keeps-zhongguo"),
    # -- an ASCII full stop after a CJK character ends a sentence (pages with ASCII punctuation)
    pytest.param("标题\n\n今年游客同比增长12%.中国田径协会将在宁远县举办比赛.", {("中国田径协会", "Organization")}, id="ascii-full-stop-opens-association"),
    pytest.param("标题\n\n步道已开放.湖南省茶业协会也来了.", {("湖南省茶业协会", "Organization")}, id="ascii-full-stop-opens-association-2"),
    # -- what a place belongs to (则属/隶属) starts after 属
    pytest.param("标题\n\n八面山则属南岭山脉，株洲则属长江中游城市群。", {("八面山", "Place"), ("长江中游城市群", "Place")}, id="place-after-zeshu"),
    # -- a site after the verb a route takes to it is a place, without the verb
    pytest.param("标题\n\n公路连通黄桑国家森林公园，线路贯通万佛山风景名胜区。", {("黄桑国家森林公园", "Place"), ("万佛山风景名胜区", "Place")}, id="sites-after-route-verbs"),
    pytest.param("标题\n\n绕行黄桑自然保护区，直达天堂山森林公园，途经舜皇山国家级自然保护区。", {("黄桑自然保护区", "Place"), ("天堂山森林公园", "Place"), ("舜皇山国家级自然保护区", "Place")}, id="reserves-after-route-verbs"),
    pytest.param("标题\n\n游客在南华山景区游玩，本次试点景区包括九嶷山景区。", {("南华山景区", "Place"), ("九嶷山景区", "Place")}, id="named-sites-beside-generic-ones"),
    pytest.param("标题\n\n提质改造桃源洞国家森林公园，升级万佛山风景名胜区，整治黄桑自然保护区。", {("桃源洞国家森林公园", "Place"), ("万佛山风景名胜区", "Place"), ("黄桑自然保护区", "Place")}, id="sites-after-upgrade-verbs"),
    pytest.param("标题\n\n该委将把雪峰山片区纳入规划，打造好武陵山片区。", {("雪峰山片区", "Place"), ("武陵山片区", "Place")}, id="range-areas-after-jiangba-and-hao"),
    pytest.param("标题\n\n打造好湘南湘西承接产业转移示范区，建设好洞庭湖生态经济区。", {("湘南湘西承接产业转移示范区", "Place"), ("洞庭湖生态经济区", "Place")}, id="zones-after-verb-hao"),
    # -- named reforms listed with 、 are found whole (quotes, 一体化, 互认, 同城化 inside)
    pytest.param("标题\n\n推进政务服务“跨市通办”改革、住房公积金异地贷款一体化改革、户籍准入年限同城化累计互认改革。",
                 {("政务服务跨市通办改革", "Policy"), ("住房公积金异地贷款一体化改革", "Policy"), ("户籍准入年限同城化累计互认改革", "Policy")}, id="reforms-listed"),
    pytest.param("标题\n\n三市将深化医保异地结算互认改革、不动产登记跨市通办改革等。", {("医保异地结算互认改革", "Policy"), ("不动产登记跨市通办改革", "Policy")}, id="reforms-listed-before-deng"),
    # -- performances with an edition, and a party committee's 工作会议, are events
    pytest.param("标题\n\n首届湘赣边民俗文化展演在浏阳举行。", {("首届湘赣边民俗文化展演", "Event")}, id="first-performance"),
    pytest.param("标题\n\n第二届长株潭非遗展演开幕，2025年湘西州民族文艺汇演在吉首举行。", {("第二届长株潭非遗展演", "Event"), ("2025年湘西州民族文艺汇演", "Event")}, id="performances-with-edition"),
    pytest.param("标题\n\n株洲市委经济工作会议召开。", {("株洲市委经济工作会议", "Event")}, id="city-party-work-meeting"),
    pytest.param("标题\n\n12月20日，湘潭市委农村工作会议在湘潭召开。", {("湘潭市委农村工作会议", "Event")}, id="city-party-rural-work-meeting"),
    # -- glued prefixes: a flow verb, 去, 好 and 将把 never open a place name
    pytest.param("标题\n\n袁河流入赣江，新墙河流入东洞庭湖。", {("袁河", "Place"), ("赣江", "Place"), ("新墙河", "Place"), ("东洞庭湖", "Place")}, id="rivers-around-a-flow-verb"),
    pytest.param("标题\n\n看完山，再去天子山，游客先去五盖山。", {("天子山", "Place"), ("五盖山", "Place")}, id="mountain-after-qu"),
    pytest.param("标题\n\n要打造好天门山国家森林公园，建设好舜皇山国家森林公园。", {("天门山国家森林公园", "Place"), ("舜皇山国家森林公园", "Place")}, id="site-after-verb-hao"),
    pytest.param("标题\n\n该委将把莽山国家森林公园打造成名片，游客在桃花源风景名胜区游览。", {("莽山国家森林公园", "Place"), ("桃花源风景名胜区", "Place")}, id="site-after-jiangba-and-zai"),
]

NOT_FOUND = [
    pytest.param("标题\n\n南岳衡山与崀山实行景区互认。", ("衡山", "Place"), id="hengshan-inside-nanyue-hengshan"),
    pytest.param("标题\n\n壶瓶山抽水蓄能电站项目已开工。", ("壶瓶山", "Place"), id="mountain-inside-project-name"),
    pytest.param("标题\n\n县里还在建设乡村旅游公路。", ("乡村旅游公路", "Project"), id="no-generic-tourist-road"),
    pytest.param("标题\n\n铁路部门开行旅游专列和研学专列。", ("旅游专列", "Project"), id="no-generic-special-train"),
    pytest.param("标题\n\n两区也在加快建设森林康养基地。", ("森林康养基地", "Project"), id="no-descriptive-base-with-lone-surname-char"),
    pytest.param("标题\n\n县里将建设山地康养基地。", ("山地康养基地", "Project"), id="no-descriptive-base-with-lone-surname-char-2"),
    pytest.param("标题\n\n两县位于黄桑岭一带，游客登上山寨。", ("山寨", "Place"), id="no-common-word-zhai"),
    pytest.param("标题\n\n游客走进苗寨，体验民俗。", ("苗寨", "Place"), id="no-generic-miao-village"),
    pytest.param("访谈\n\n记者:今年有哪些进展?\n\n时间:2025年.\n", ("时间", "Person"), id="no-label-line-speaker"),
    pytest.param("通知\n\n主要任务：抓项目。\n\n刘建华：负责。\n", ("刘建华", "Person"), id="no-speaker-without-interviewer"),
    pytest.param("标题\n\n两县同处湘西南。", ("湘西土家族苗族自治州", "Place"), id="xiangxi-inside-xiangxinan"),
    pytest.param("标题\n\n三县签约共建幕阜山旅游环线。", ("签约共建幕阜山旅游环线", "Project"), id="no-verbs-in-tourist-road"),
    pytest.param("标题\n\n中国民用航空局中南地区管理局批复了方案。", ("中华人民共和国", "Place"), id="zhongguo-in-central-body-no-country"),
    pytest.param("标题\n\n记者:怎样推进? 欧阳丽华:我们将加快建设.", ("欧阳", "Place"), id="compound-surname-no-place"),
    pytest.param("标题\n\n上官婉清说，诸葛亮的故事家喻户晓。", ("上官", "Place"), id="compound-surname-no-place-2"),
    pytest.param("标题\n\n记者 易晓峰 通讯员 王海峰\n\n正文。", ("易晓峰", "Place"), id="person-ending-in-feng-no-peak"),
    pytest.param("标题\n\n这里是湘江与珠江的分水岭，攀登最高峰。", ("分水岭", "Place"), id="no-common-word-ridge"),
    pytest.param("标题\n\n游客可以从东江湖到莽山国家森林公园。", ("东江湖到莽山国家森林公园", "Place"), id="no-x-dao-y-place"),
    pytest.param("标题\n\n目前雪峰山区已建成旅游公路。", ("目前雪峰山区", "Place"), id="no-time-word-in-region"),
    pytest.param("标题\n\n今年前三季度宜章县生产总值增长。", ("今年前三季度宜章县", "Place"), id="no-time-words-in-county"),
    pytest.param("标题\n\n南岳衡山与崀山实行景区互认。", ("崀山实行景区", "Place"), id="no-site-with-a-verb"),
    pytest.param("标题\n\n南岳衡山、崀山、雪峰山等景区实行年卡互认。", ("雪峰山等景区", "Place"), id="no-site-with-deng"),
    pytest.param("标题\n\n中国旅游景区协会将为互认景区提供指导。", ("互认景区", "Place"), id="no-generic-mutual-site"),
    pytest.param("标题\n\n我们与广西贺州市山水相连，两省区交界处正在建设。", ("两省区", "Place"), id="no-count-of-provinces"),
    pytest.param("标题\n\n湘黔三省市将联合推介。", ("三省市", "Place"), id="no-count-of-mixed-units"),
    pytest.param("标题\n\n中国物流与采购联合会的调研组上月来永州考察。", ("中华人民共和国", "Place"), id="zhongguo-in-association-no-country"),
    pytest.param("标题\n\n中国电信股份有限公司株洲分公司为赛事搭建网络。", ("中国电信股份有限公司", "Organization"), id="no-parent-of-branch"),
    pytest.param("标题\n\n中国城市规划设计研究院将编制规划。", ("中华人民共和国", "Place"), id="zhongguo-in-institute-no-country"),
    pytest.param("标题\n\n将同步做好站城融合片区的配套建设。", ("站城融合片区", "Place"), id="no-descriptive-area"),
    pytest.param("标题\n\n全程高速，实现高速发展。", ("全程高速", "Project"), id="no-common-word-expressway"),
    pytest.param("标题\n\n学院将与炎陵县人民政府共同组建罗霄山山地运动研究院。", ("罗霄山山地运动研究院", "Organization"), id="planned-institute-no-body"),
    pytest.param("标题\n\n双方将依托已建成的株洲轨道交通研究院开展合作。", ("株洲轨道交通研究院", "Project"), id="built-institute-no-project"),
    pytest.param("标题\n\n双方将依托去年挂牌的湘潭先进材料研究院开展合作。", ("湘潭先进材料研究院", "Project"), id="unveiled-institute-no-project"),
    pytest.param("标题\n\n八面山则属南岭山脉。", ("八面山则属南岭山脉", "Place"), id="no-zeshu-in-range"),
    pytest.param("标题\n\n株洲则属长江中游城市群。", ("株洲则属长江中游城市群", "Place"), id="no-zeshu-in-region"),
    pytest.param("标题\n\n公路连通黄桑国家森林公园。", ("公路连通黄桑国家森林公园", "Place"), id="no-route-verb-in-park"),
    pytest.param("标题\n\n线路串联黄桑国家森林公园。", ("黄桑国家森林公园", "Project"), id="park-is-no-project"),
    pytest.param("标题\n\n深化体制改革，全面深化改革。", ("深化体制改革", "Policy"), id="no-kind-of-reform"),
    pytest.param("标题\n\n深化“放管服”改革和营商环境改革。", ("营商环境改革", "Policy"), id="no-reform-without-integration-word"),
    pytest.param("标题\n\n各地开展非遗展演活动。", ("非遗展演", "Event"), id="no-performance-without-edition"),
    pytest.param("标题\n\n袁河流入赣江。", ("袁河流入赣江", "Place"), id="no-flow-verb-in-river"),
    pytest.param("标题\n\n新墙河流入东洞庭湖。", ("流入东洞庭湖", "Place"), id="no-flow-verb-in-lake"),
    pytest.param("标题\n\n看完山，再去天子山。", ("去天子山", "Place"), id="no-qu-in-mountain"),
    pytest.param("标题\n\n看完山，再去天子山。", ("看完山", "Place"), id="no-kanwan-mountain"),
    pytest.param("标题\n\n要打造好天门山国家森林公园。", ("好天门山国家森林公园", "Place"), id="no-hao-in-site"),
    pytest.param("标题\n\n游客可在线预约景区门票。", ("线预约景区", "Place"), id="no-booking-site"),
    pytest.param("标题\n\n游客在换乘景区内游览。", ("换乘景区", "Place"), id="no-transfer-site"),
    pytest.param("标题\n\n积极推进试点景区建设。", ("试点景区", "Place"), id="no-pilot-site"),
    pytest.param("标题\n\n该委将把雪峰山片区纳入规划。", ("该委将把雪峰山片区", "Place"), id="no-gaiwei-in-range-area"),
    pytest.param("标题\n\n打造好湘南湘西承接产业转移示范区。", ("好湘南湘西承接产业转移示范区", "Place"), id="no-hao-in-zone"),
    pytest.param("标题\n\n游客可换乘景区大巴。", ("游客可换乘景区", "Place"), id="no-subject-and-verb-site"),
    pytest.param("标题\n\n推进智慧景区建设。", ("智慧景区", "Place"), id="no-smart-site"),
]


@pytest.mark.parametrize("text, entities", FOUND)
def test_found(text, entities, lexicon):
    got = labels(read(text, lexicon)[0])
    assert entities <= got, f"missing {entities - got}; got {sorted(got)}"


@pytest.mark.parametrize("text, entity", NOT_FOUND)
def test_not_found(text, entity, lexicon):
    assert entity not in labels(read(text, lexicon)[0])


def _entity(rec: dict, label: str) -> dict:
    return next(e for e in rec["entities"] if e["label"] == label)


@pytest.mark.parametrize(
    "text, label, short",
    [
        pytest.param("标题\n\n中国电信股份有限公司株洲分公司搭建网络，株洲分公司还设置了应急点。", "中国电信股份有限公司株洲分公司", "株洲分公司", id="branch-city"),
        pytest.param("标题\n\n中国石油化工股份有限公司湖南岳阳石油分公司将新建加油站，岳阳石油分公司还将开设专区。", "中国石油化工股份有限公司湖南岳阳石油分公司", "岳阳石油分公司", id="branch-tail"),
    ],
)
def test_branch_short_form_is_an_alias(text, label, short, lexicon):
    rec = read(text, lexicon)[0]
    assert short in _entity(rec, label)["aliases"]
    assert (short, "Organization") not in labels(rec)


@pytest.mark.parametrize(
    "text, label, short",
    [
        pytest.param("标题\n\n我们建立了永州市文旅产业发展联席会议制度。市文旅联席会议上个月审议通过了方案。", "永州市文旅产业发展联席会议", "市文旅联席会议", id="city-topic-meeting"),
        pytest.param("标题\n\n炎陵县农业产业化发展推进会在县城召开。县农业推进会上，各乡镇作了汇报。", "炎陵县农业产业化发展推进会", "县农业推进会", id="county-topic-meeting"),
    ],
)
def test_meeting_short_form_is_an_alias(text, label, short, lexicon):
    rec = read(text, lexicon)[0]
    assert short in _entity(rec, label)["aliases"]


@pytest.mark.parametrize(
    "text, fact",
    [
        pytest.param("标题\n\n10月12日，首届罗霄山百公里越野赛在炎陵县鸣枪开跑。赛事由株洲市人民政府和中国登山协会共同主办。",
                     ("首届罗霄山百公里越野赛", "organizer", "中国登山协会"), id="race-organised-by-saishi"),
        pytest.param("标题\n\n5月3日，第二届九嶷山马拉松在宁远县开赛。", ("第二届九嶷山马拉松", "heldIn", "宁远县"), id="race-held-in"),
        pytest.param("标题\n\n崀山世界自然遗产地与云山国家森林公园同处邵阳市。", ("云山国家森林公园", "locatedIn", "邵阳市"), id="sites-tongchu-a-city"),
        pytest.param("标题\n\n桃花源风景名胜区同处常德市。", ("桃花源风景名胜区", "locatedIn", "常德市"), id="site-tongchu-a-city"),
    ],
)
def test_relations_of_new_kinds(text, fact, lexicon):
    from .test_extract import facts

    assert fact in facts(read(text, lexicon)[0])
